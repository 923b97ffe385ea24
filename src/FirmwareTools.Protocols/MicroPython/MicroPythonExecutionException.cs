using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// The code sent to the board ran and raised: the board's own traceback is in <see cref="Traceback"/>
    /// and ends the message.
    /// </summary>
    public sealed class MicroPythonExecutionException : FirmwareToolsException
    {
        public MicroPythonExecutionException(string port, string output, string traceback)
            : base($"{port}: the code raised an error on the board:{Environment.NewLine}{traceback.TrimEnd()}", port,
                   "Read the traceback: the board runs an older or different firmware than the code expects.", null)
        {
            Output = output;
            Traceback = traceback;
        }

        /// <summary>What the code printed before it failed.</summary>
        public string Output { get; }

        /// <summary>The error text the board printed (usually <c>Traceback (most recent call last): ...</c>).</summary>
        public string Traceback { get; }

        public override string ErrorId => "MicroPythonCodeFailed";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.DeviceError;
    }
}
