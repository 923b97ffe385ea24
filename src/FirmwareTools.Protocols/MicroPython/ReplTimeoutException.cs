using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// The board did not say what the raw REPL protocol expects in time. The message names the step, what was
    /// last seen on the line (printable, control bytes escaped) and, where the bytes betray it, what the board is
    /// doing instead (the ESP32 ROM bootloader, nothing at all).
    /// </summary>
    public sealed class ReplTimeoutException : FirmwareToolsException
    {
        public ReplTimeoutException(string port, string step, string lastSeen, ReplLineDiagnosis diagnosis, TimeSpan timeout)
            : base(BuildMessage(port, step, lastSeen, diagnosis, timeout), port, ActionFor(diagnosis), null)
        {
            Step = step;
            LastSeen = lastSeen;
            Diagnosis = diagnosis;
        }

        /// <summary>What the client was waiting for: "the raw REPL prompt", "OK after the code", ...</summary>
        public string Step { get; }

        /// <summary>The last bytes received, escaped for display; empty when nothing came at all.</summary>
        public string LastSeen { get; }

        public ReplLineDiagnosis Diagnosis { get; }

        public override string ErrorId => Diagnosis switch
        {
            ReplLineDiagnosis.Esp32Bootloader => "ReplBoardInBootloader",
            ReplLineDiagnosis.Silent => "ReplNoAnswer",
            _ => "ReplTimeout",
        };

        public override FirmwareErrorKind Kind => FirmwareErrorKind.Timeout;

        private static string BuildMessage(string port, string step, string lastSeen, ReplLineDiagnosis diagnosis, TimeSpan timeout)
        {
            string seconds = timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return diagnosis switch
            {
                ReplLineDiagnosis.Esp32Bootloader =>
                    $"{port}: the board is in its ESP32 bootloader, not running MicroPython (waiting for {step}; last seen: \"{lastSeen}\").",
                ReplLineDiagnosis.Silent =>
                    $"{port}: no answer within {seconds} s while waiting for {step}: nothing at all came back. A pyboard in DFU mode has no serial port; check the port and baud rate.",
                _ =>
                    $"{port}: waited {seconds} s for {step} in vain; last seen on the line: \"{lastSeen}\".",
            };
        }

        private static string ActionFor(ReplLineDiagnosis diagnosis) => diagnosis switch
        {
            ReplLineDiagnosis.Esp32Bootloader =>
                "Release GPIO0 (BOOT) and reset the board so it starts MicroPython, or flash MicroPython first; then run the command again.",
            ReplLineDiagnosis.Silent =>
                "Check that this is the board's serial port, that the baud rate matches (115200 for MicroPython) and that MicroPython is installed; a pyboard in DFU mode must be reset first.",
            _ =>
                "Check that the board runs MicroPython at this baud rate; if a program on it ignores Ctrl-C, reset the board (or start it in safe mode) and try again, or raise -Timeout.",
        };
    }
}
