namespace FirmwareTools.Protocols.Serial
{
    /// <summary>One serial port of this machine and, where the OS knows it, the USB device behind it.</summary>
    public sealed class SerialPortInfo
    {
        public SerialPortInfo(string port) => Port = port;

        /// <summary>The name to open: COM5, /dev/ttyUSB0. Named Port so Get-SerialPort | Get-DeviceVersion binds it.</summary>
        public string Port { get; }

        public override string ToString() => Port;
    }
}
