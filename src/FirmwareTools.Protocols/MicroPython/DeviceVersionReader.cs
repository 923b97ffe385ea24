using System;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// Asks a board over its raw REPL what firmware it runs: one script that tries <c>os.uname()</c>, then
    /// <c>uos.uname()</c>, and always adds <c>sys.implementation</c>, <c>sys.version</c> and <c>sys.platform</c>
    /// for ports without uname. The board is left in its friendly REPL and is not reset.
    /// </summary>
    public static class DeviceVersionReader
    {
        /// <summary>
        /// The query. Written for the oldest firmware: no f-strings, bare excepts (old ports lack some exception
        /// names), one tagged line per fact so banners or stray output around it do no harm.
        /// </summary>
        public const string Script =
            "import sys\n" +
            "u=None\n" +
            "m='-'\n" +
            "try:\n" +
            " import os\n" +
            " u=os.uname()\n" +
            " m='os'\n" +
            "except:\n" +
            " try:\n" +
            "  import uos\n" +
            "  u=uos.uname()\n" +
            "  m='uos'\n" +
            " except:\n" +
            "  pass\n" +
            "print('" + DeviceVersionParser.UnameTag + "',m,repr(u))\n" +
            "print('" + DeviceVersionParser.ImplementationTag + "',repr(getattr(sys,'implementation',None)))\n" +
            "print('" + DeviceVersionParser.SysVersionTag + "',repr(getattr(sys,'version',None)))\n" +
            "print('" + DeviceVersionParser.PlatformTag + "',repr(getattr(sys,'platform',None)))\n";

        /// <summary>Queries the board on <paramref name="port"/>.</summary>
        public static DeviceVersion Read(ISerialPort port, RawReplOptions? options, OperationLog? log, CancellationToken cancellationToken)
        {
            if (port is null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            using var session = new RawReplSession(port, options, log);
            // Soft-reset only when the options ask for it (Get-DeviceVersion -SoftReset).
            session.Enter(softReset: false, cancellationToken);
            log.Verbose($"{port.PortName}: asking for os.uname() and sys facts");
            string output = session.Execute(Script, cancellationToken);
            session.Exit(cancellationToken);
            DeviceVersion version = DeviceVersionParser.ParseScriptOutput(port.PortName, output);
            log.Verbose($"{port.PortName}: {version}");
            return version;
        }
    }
}
