using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Windows PowerShell 5.1 only. On .NET Framework an HttpClientHandler negotiates the protocols in
    /// ServicePointManager.SecurityProtocol unless told otherwise, and powershell.exe (built for .NET Framework 4.5)
    /// often leaves that at SSL 3 and TLS 1.0, which download servers such as micropython.org and GitHub refuse.
    /// Our own handlers then ask for TLS 1.2 (and keep TLS 1.3 where the process already allows it), without
    /// changing the process-wide setting other modules rely on. On .NET, and where the process leaves the choice to
    /// the operating system (SystemDefault), nothing changes.
    /// </summary>
    internal static class NetFrameworkTls
    {
        // The SecurityProtocolType and SslProtocols values are the same SChannel flags.
        private const int SystemDefault = 0;
        private const int Tls12 = 3072;
        private const int Tls13 = 12288;

        /// <summary>Sets the protocols of <paramref name="handler"/> when <see cref="ProtocolsFor"/> says so, and returns it.</summary>
        public static HttpClientHandler Apply(HttpClientHandler handler)
        {
            SslProtocols? protocols = ProtocolsFor(RuntimeInformation.FrameworkDescription, ServicePointManager.SecurityProtocol);
            if (protocols is SslProtocols chosen)
            {
                handler.SslProtocols = chosen;
            }

            return handler;
        }

        /// <summary>The protocols a handler must be given on this runtime, or null to leave the runtime's choice.</summary>
        internal static SslProtocols? ProtocolsFor(string frameworkDescription, SecurityProtocolType processProtocols)
        {
            if (!frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) || (int)processProtocols == SystemDefault)
            {
                return null;
            }

            return (SslProtocols)(Tls12 | ((int)processProtocols & Tls13));
        }
    }
}
