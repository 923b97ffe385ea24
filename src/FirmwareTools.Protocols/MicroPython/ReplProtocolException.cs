using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>The board answered, but not as the raw REPL protocol says (a missing <c>OK</c>, a bad raw-paste reply).</summary>
    public sealed class ReplProtocolException : FirmwareToolsException
    {
        public ReplProtocolException(string port, string detail, string lastSeen, Exception? innerException = null)
            : base($"{port}: {detail}; last seen on the line: \"{lastSeen}\".", port,
                   "Check that the board runs MicroPython and that nothing else uses the port; reset the board and try again.",
                   innerException)
        {
            LastSeen = lastSeen;
        }

        public string LastSeen { get; }

        public override string ErrorId => "ReplProtocolError";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ProtocolError;
    }
}
