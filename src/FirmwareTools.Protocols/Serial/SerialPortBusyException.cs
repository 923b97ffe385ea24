using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Another program holds the port open (a terminal, an IDE's serial monitor, a second flasher).</summary>
    public sealed class SerialPortBusyException : FirmwareToolsException
    {
        public SerialPortBusyException(string port, string detail, Exception? innerException = null)
            : base($"The serial port {port} is in use by another program: {detail}.", port,
                   "Close the program that holds the port (a serial terminal such as screen, minicom, PuTTY or an IDE's serial monitor) and try again.",
                   innerException)
        {
        }

        /// <summary>The port is held by <paramref name="holder"/>, found before or after the open failed.</summary>
        public SerialPortBusyException(string port, PortHolder holder, Exception? innerException = null)
            : base($"The serial port {port} is in use by {Describe(holder)}: {holder.Evidence}. Nothing was sent to the board.", port,
                   $"Close {Describe(holder)} and try again (serial terminals such as screen or minicom, and IDE serial monitors, hold ports open); if it has no window, 'kill {Id(holder)}' ends it.",
                   innerException)
        {
            Holder = holder;
        }

        /// <summary>The program found holding the port; null when only the OS said the port is busy.</summary>
        public PortHolder? Holder { get; }

        public override string ErrorId => SerialErrors.BusyId.Id;

        public override FirmwareErrorKind Kind => SerialErrors.BusyId.Kind;

        private static string Describe(PortHolder holder) => (holder ?? throw new ArgumentNullException(nameof(holder))).ToString();

        private static string Id(PortHolder holder) => holder.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
