using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>-Before PycomPic: no Pycom PIC (Expansion Board 3, Pysense, Pytrack) answered its 5-bit command channel, or its firmware is too old.</summary>
    public sealed class PycomPicNoAnswerException : FirmwareToolsException
    {
        public PycomPicNoAnswerException(string port, string detail, Exception? innerException = null)
            : base($"No Pycom PIC answered on {port}: {detail}", port,
                   "-Before PycomPic needs a Pycom Expansion Board 3, Pysense or Pytrack (USB id 04D8:EF98, F012, F013) with PIC firmware 6 or later; update the board's firmware with Pycom's DFU tool, or on other carriers use -Before DefaultReset (auto-reset lines) or -Before NoReset (G23-GND jumper).",
                   innerException)
        {
            Detail = detail;
        }

        public string Detail { get; }

        public override string ErrorId => "PycomPicNoAnswer";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.Timeout;
    }
}
