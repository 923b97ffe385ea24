using System;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// Reads a board's version, <c>_build</c> and <c>machine.unique_id()</c> in one execution over the raw REPL, without a
    /// soft reset (docs/protocols/board-update.md §1.1, §3.0 step 2): Get-DeviceVersion's query plus two tagged lines.
    /// </summary>
    public static class BoardSurveyReader
    {
        public const string BuildTag = "FTU-BUILD";

        public const string UniqueIdTag = "FTU-UID";

        /// <summary>The extra lines; written for old firmware like the version query (bare excepts, no f-strings).</summary>
        public const string Script =
            DeviceVersionReader.Script +
            "print('" + BuildTag + "',repr(getattr(getattr(sys,'implementation',None),'_build',None)))\n" +
            "try:\n" +
            " import machine,binascii\n" +
            " print('" + UniqueIdTag + "',binascii.hexlify(machine.unique_id()).decode())\n" +
            "except:\n" +
            " print('" + UniqueIdTag + "','-')\n";

        /// <summary>Enters the raw REPL on <paramref name="port"/>, runs <see cref="Script"/>, leaves it.</summary>
        public static BoardSurvey Read(ISerialPort port, RawReplOptions? options, OperationLog? log, CancellationToken cancellationToken)
        {
            if (port is null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            using var session = new RawReplSession(port, options, log);
            session.Enter(softReset: false, cancellationToken);
            string output = session.Execute(Script, cancellationToken);
            session.Exit(cancellationToken);
            return Parse(port.PortName, output);
        }

        public static BoardSurvey Parse(string port, string output)
        {
            DeviceVersion version = DeviceVersionParser.ParseScriptOutput(port, output);
            string? build = Value(output, BuildTag);
            if (build != null)
            {
                build = build == "None" ? null : build.Trim('\'', '"');
            }

            string? uid = Value(output, UniqueIdTag);
            if (uid == "-" || (uid != null && !uid.All(Uri.IsHexDigit)))
            {
                uid = null;
            }

            return new BoardSurvey(version, string.IsNullOrEmpty(build) ? null : build, uid?.ToLowerInvariant());
        }

        private static string? Value(string output, string tag)
        {
            foreach (string raw in output.Replace("\r\n", "\n").Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                {
                    return line.Substring(tag.Length + 1).Trim();
                }
            }

            return null;
        }
    }
}
