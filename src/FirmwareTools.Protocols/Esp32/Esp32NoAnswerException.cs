using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Nothing on the port answered SYNC: the chip is not in its ROM download mode (or the wrong port, or TX is dead).
    /// The detail says what was seen on the line, if anything (a normal boot log, the download banner).
    /// </summary>
    public sealed class Esp32NoAnswerException : FirmwareToolsException
    {
        public Esp32NoAnswerException(string port, string detail, Exception? innerException = null)
            : base($"No ESP32 ROM bootloader answered on {port}: {detail}", port,
                   "Hold the boot pin low while resetting the board (press BOOT: GPIO0 on an ESP32, S2 or S3, GPIO9 on a C3 or C6; on a Pycom Expansion Board fit the G23-GND jumper and press reset), check that this is the board's port and the cable carries data, then run the command again.",
                   innerException)
        {
            Detail = detail;
        }

        public string Detail { get; }

        public override string ErrorId => Esp32Errors.NoAnswerId.Id;

        public override FirmwareErrorKind Kind => Esp32Errors.NoAnswerId.Kind;
    }
}
