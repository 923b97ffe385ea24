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

        public override string ErrorId => Definition.Id;

        /// <summary>The catalog entry of what the line showed.</summary>
        public ErrorDefinition Definition => Diagnosis switch
        {
            ReplLineDiagnosis.Esp32Bootloader => MicroPythonErrors.ReplBoardInBootloaderId,
            ReplLineDiagnosis.Silent => MicroPythonErrors.ReplNoAnswerId,
            ReplLineDiagnosis.ProgramRunning => MicroPythonErrors.ReplProgramRunningId,
            ReplLineDiagnosis.RawReplRefused => MicroPythonErrors.ReplRawModeRefusedId,
            ReplLineDiagnosis.NotMicroPython => MicroPythonErrors.ReplNotMicroPythonId,
            _ => MicroPythonErrors.ReplTimeoutId,
        };

        public override FirmwareErrorKind Kind => Definition.Kind;

        private static string BuildMessage(string port, string step, string lastSeen, ReplLineDiagnosis diagnosis, TimeSpan timeout)
        {
            string seconds = timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return diagnosis switch
            {
                ReplLineDiagnosis.Esp32Bootloader =>
                    $"{port}: the board is in its ESP32 bootloader, not running MicroPython (waiting for {step}; last seen: \"{lastSeen}\").",
                ReplLineDiagnosis.Silent =>
                    $"{port}: nothing at all came back while waiting {seconds} s for {step}. No MicroPython REPL answers on this port, or a program on the board ignores Ctrl-C without printing.",
                ReplLineDiagnosis.ProgramRunning =>
                    $"{port}: a program on the board keeps running and ignores Ctrl-C (waited {seconds} s for {step}); it printed: \"{lastSeen}\".",
                ReplLineDiagnosis.RawReplRefused =>
                    $"{port}: the board's friendly REPL answers (\">>> \"), but it did not enter the raw REPL within {seconds} s (waiting for {step}); last seen: \"{lastSeen}\".",
                ReplLineDiagnosis.NotMicroPython =>
                    $"{port}: what comes back is not MicroPython's REPL (mostly non-text bytes) while waiting {seconds} s for {step}; last seen: \"{lastSeen}\".",
                _ =>
                    $"{port}: timed out after {seconds} s waiting for {step}; last seen on the line: \"{lastSeen}\".",
            };
        }

        private static string ActionFor(ReplLineDiagnosis diagnosis) => diagnosis switch
        {
            ReplLineDiagnosis.Esp32Bootloader =>
                "Release GPIO0 (BOOT) and reset the board so it starts MicroPython, or flash MicroPython first; then run the command again.",
            ReplLineDiagnosis.Silent =>
                "Check that this is the board's serial port (a pyboard in DFU mode has none) and that the baud rate matches (115200 for MicroPython). If a program on the board ignores Ctrl-C, press the board's reset button and run the command again, or remove that program's KeyboardInterrupt handler.",
            ReplLineDiagnosis.ProgramRunning =>
                "Stop the program: press the board's reset button and run the command again, or remove the KeyboardInterrupt handler from main.py (in safe mode, or with another tool).",
            ReplLineDiagnosis.RawReplRefused =>
                "Press the board's reset button and run the command again; if it repeats, the firmware or its boot.py (os.dupterm, a REPL moved to another UART) keeps the raw REPL from this port.",
            ReplLineDiagnosis.NotMicroPython =>
                "Check the baud rate (115200 for MicroPython) and that this port belongs to a MicroPython board, not another device.",
            _ =>
                "Check that the board runs MicroPython at this baud rate; if a program on it ignores Ctrl-C, reset the board (or start it in safe mode) and try again, or raise -Timeout.",
        };
    }
}
