using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>The port exists but refuses a setting: a baud rate the driver cannot make, modem lines on a pseudo-terminal.</summary>
    public sealed class SerialPortSettingNotSupportedException : FirmwareToolsException
    {
        public SerialPortSettingNotSupportedException(string port, string setting, string detail, Exception? innerException = null)
            : base($"The serial port {port} does not support {setting}: {detail}.", port,
                   "Choose a setting the adapter supports (a lower baud rate, 8 data bits), or a port that has the feature (a real USB-UART has DTR and RTS; a pseudo-terminal does not).",
                   innerException)
        {
            Setting = setting;
        }

        /// <summary>What was refused, for example "baud rate 2000000" or "DTR/RTS".</summary>
        public string Setting { get; }

        public override string ErrorId => "SerialPortSettingNotSupported";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
