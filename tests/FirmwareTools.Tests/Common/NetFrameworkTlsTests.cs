using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>
/// The TLS choice for Windows PowerShell 5.1 (.NET Framework), decided from the runtime's description and the process's
/// ServicePointManager flags; this machine runs .NET, where the handler must be left alone.
/// </summary>
public sealed class NetFrameworkTlsTests
{
    private const string WindowsPowerShell = ".NET Framework 4.8.9032.0";

    // SecurityProtocolType.Ssl3 (48) is marked obsolete on .NET; powershell.exe's default still includes it.
    private const SecurityProtocolType Ssl3 = (SecurityProtocolType)48;

    [Fact]
    public void Windows_PowerShell_left_at_SSL_3_and_TLS_1_0_gets_TLS_1_2_on_our_handlers()
    {
        Assert.Equal(SslProtocols.Tls12, NetFrameworkTls.ProtocolsFor(WindowsPowerShell, Ssl3 | SecurityProtocolType.Tls));
        Assert.Equal(SslProtocols.Tls12, NetFrameworkTls.ProtocolsFor(WindowsPowerShell, SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12));
    }

    [Fact]
    public void TLS_1_3_is_kept_where_the_process_already_allows_it()
    {
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, NetFrameworkTls.ProtocolsFor(WindowsPowerShell, SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13));
    }

    [Fact]
    public void The_operating_system_s_choice_and_NET_are_left_alone()
    {
        Assert.Null(NetFrameworkTls.ProtocolsFor(WindowsPowerShell, SecurityProtocolType.SystemDefault));
        Assert.Null(NetFrameworkTls.ProtocolsFor(".NET 10.0.0", Ssl3 | SecurityProtocolType.Tls));

        using var handler = new HttpClientHandler();
        SslProtocols before = handler.SslProtocols;
        Assert.Same(handler, NetFrameworkTls.Apply(handler));
        Assert.Equal(before, handler.SslProtocols);
    }
}
