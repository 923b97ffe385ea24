using System.Reflection;
using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// The resolver that lets the module use the host's System.IO.Ports whatever its version. Here (.NET 10) it can only
/// be shown handing over the available assembly for a higher requested version; pwsh 7.4/7.5 and Windows PowerShell
/// are not on this machine.
/// </summary>
public sealed class SystemIoPortsResolverTests
{
    [Fact]
    public void A_request_for_any_version_of_System_IO_Ports_gets_the_one_the_process_has()
    {
        Assembly? resolved = SystemIoPortsResolver.Resolve(new AssemblyName("System.IO.Ports, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
        Assert.NotNull(resolved);
        Assert.Equal("System.IO.Ports", resolved.GetName().Name);
        Assert.NotNull(resolved.GetType("System.IO.Ports.SerialPort"));
    }

    [Fact]
    public void Other_assemblies_are_left_to_the_runtime()
    {
        Assert.Null(SystemIoPortsResolver.Resolve(new AssemblyName("System.IO.Portsmouth")));
        Assert.Null(SystemIoPortsResolver.Resolve(new AssemblyName("Newtonsoft.Json, Version=13.0.0.0")));
    }
}
