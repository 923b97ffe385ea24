using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>How <see cref="SerialPorts.Open"/> configures a port. Defaults: 115200 8N1, modem lines left alone.</summary>
    public sealed class SerialPortSettings
    {
        public int BaudRate { get; set; } = 115200;

        /// <summary>5 to 8.</summary>
        public int DataBits { get; set; } = 8;

        public SerialParity Parity { get; set; } = SerialParity.None;

        public SerialStopBits StopBits { get; set; } = SerialStopBits.One;

        /// <summary>DTR to set right after opening; null leaves it as the backend opens it (deasserted for OS ports).</summary>
        public bool? Dtr { get; set; }

        /// <summary>RTS to set right after opening; null leaves it as the backend opens it.</summary>
        public bool? Rts { get; set; }

        /// <summary>
        /// Open without changing DTR or RTS (-Before NoReset): a network port sends no SET-CONTROL; an OS port is opened
        /// with both asserted, as Linux's open of a tty leaves them, so System.IO.Ports, which writes DTR and then RTS
        /// while opening, writes no change (docs/protocols/esp32-family.md §3.7). <see cref="Dtr"/> and <see cref="Rts"/> are ignored.
        /// </summary>
        public bool LinesUntouched { get; set; }

        /// <summary>Network ports: how long connecting may take.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>rfc2217:// ports: how long the server may take to acknowledge an option or a setting.</summary>
        public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>
        /// Looks for another program holding an OS port before it is opened (Linux; see <see cref="PortLockDetector"/>).
        /// Null skips the check. Tests point it at a lock folder and a /proc of their own.
        /// </summary>
        public PortLockDetector? LockDetector { get; set; } = IsLinux ? PortLockDetector.Machine : null;

        private static bool IsLinux => System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);

        internal void Validate(string port)
        {
            if (BaudRate <= 0)
            {
                throw SerialErrors.SettingNotSupported(port, $"baud rate {BaudRate}", "the baud rate must be positive");
            }

            if (DataBits < 5 || DataBits > 8)
            {
                throw SerialErrors.SettingNotSupported(port, $"{DataBits} data bits", "data bits must be 5 to 8");
            }
        }
    }
}
