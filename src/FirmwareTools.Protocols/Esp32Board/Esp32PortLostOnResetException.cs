using System;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// The port vanished while the chip was being reset into its loader (a native USB port re-enumerating,
    /// docs/protocols/esp32-family.md §3.5): caught by <see cref="Esp32Installer"/>, which finds the board again and
    /// connects on its new port. Nothing had been written.
    /// </summary>
    internal sealed class Esp32PortLostOnResetException : Exception
    {
        public Esp32PortLostOnResetException(string port, Exception innerException)
            : base($"{port} vanished while the chip was reset into its loader.", innerException)
        {
            Port = port;
        }

        public string Port { get; }
    }
}
