using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>The catalog entries of serial port failures (OS ports and socket:// or rfc2217:// network ports).</summary>
    public static class SerialErrors
    {
        public static readonly ErrorDefinition InvalidPortNameId = new("InvalidSerialPortName", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition AccessDeniedId = new("SerialPortAccessDenied", FirmwareErrorKind.PermissionDenied);
        public static readonly ErrorDefinition ConnectionRefusedId = new("SerialPortConnectionRefused", FirmwareErrorKind.ConnectionError);
        public static readonly ErrorDefinition NotFoundId = new("SerialPortNotFound", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition ProtocolErrorId = new("SerialPortProtocolError", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition SettingNotSupportedId = new("SerialPortSettingNotSupported", FirmwareErrorKind.InvalidArgument);

        /// <summary>Caught by type (<see cref="SerialPortBusyException"/>): the lock detector names the holder.</summary>
        public static readonly ErrorDefinition BusyId = new("SerialPortBusy", FirmwareErrorKind.ResourceBusy);

        /// <summary>Caught by type (<see cref="SerialPortLostException"/>): the REPL and RFC 2217 code stop on it.</summary>
        public static readonly ErrorDefinition LostId = new("SerialPortLost", FirmwareErrorKind.ConnectionError);

        /// <summary>A port name that is not an OS port and not a well-formed socket:// or rfc2217:// address.</summary>
        public static FirmwareError InvalidPortName(string port, string detail, Exception? innerException = null) =>
            new(InvalidPortNameId, $"'{port}' is not a serial port name this module can open: {detail}.", port,
                "Give an OS port (COM5, /dev/ttyUSB0, /dev/cu.usbserial-0001) or a network port as socket://host:port or rfc2217://host:port.",
                innerException);

        /// <summary>The OS refuses this user the port: on Linux the user is usually not in the port's group.</summary>
        public static FirmwareError AccessDenied(string port, string detail, Exception? innerException = null) =>
            new(AccessDeniedId, $"Access to the serial port {port} was denied: {detail}.", port, RecommendForAccess(), innerException);

        /// <summary>A network port (socket:// or rfc2217://) could not be reached: nothing listens there, or it did not answer in time.</summary>
        public static FirmwareError ConnectionRefused(string port, string detail, Exception? innerException = null) =>
            new(ConnectionRefusedId, $"Could not connect to the serial port {port}: {detail}.", port,
                "Check that the serial server (ser2net, an emulator, a virtual board) runs on that host and port and that no firewall blocks it.",
                innerException);

        /// <summary>
        /// No port by that name exists (an OS port that is not there, a host name that does not resolve). Lists what
        /// the machine does have, because the usual cause is a typo or a board that enumerated under another name.
        /// </summary>
        public static FirmwareError PortNotFound(string port, string detail, IEnumerable<string>? availablePorts = null, Exception? innerException = null)
        {
            bool network = SerialPorts.IsNetworkPortName(port);
            return new(NotFoundId,
                network ? $"The network port {port} cannot be reached: {detail}." : $"The serial port {port} does not exist: {detail}.",
                port,
                network ? RecommendForNetwork(port) : RecommendForPorts(availablePorts?.ToList() ?? new List<string>()),
                innerException);
        }

        /// <summary>
        /// The far end of a network port does not behave as its scheme says: an rfc2217:// server that refuses the
        /// COM-PORT-OPTION, does not acknowledge a setting or sets another value than asked.
        /// </summary>
        public static FirmwareError ProtocolError(string port, string detail, Exception? innerException = null) =>
            new(ProtocolErrorId, $"The serial server at {port} does not behave as expected: {detail}.", port,
                "Check that the server speaks RFC 2217 (ser2net: a telnet port with the remctl option); for a raw TCP port use socket:// instead of rfc2217://.",
                innerException);

        /// <summary>The port exists but refuses a setting (for example "baud rate 2000000" or "DTR/RTS"): a baud rate the driver cannot make, modem lines on a pseudo-terminal.</summary>
        public static FirmwareError SettingNotSupported(string port, string setting, string detail, Exception? innerException = null) =>
            new(SettingNotSupportedId, $"The serial port {port} does not support {setting}: {detail}.", port,
                "Choose a setting the adapter supports (a lower baud rate, 8 data bits), or a port that has the feature (a real USB-UART has DTR and RTS; a pseudo-terminal does not).",
                innerException);

        private static string RecommendForAccess()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return "Add your user to the group that owns the port (usually dialout: sudo usermod -aG dialout $USER), then log out and in again.";
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return "Another program may hold the port, or the driver refuses it: close serial terminals and check the port in Device Manager.";
            }

            return "Check the permissions of the device file (ls -l) and that no other program holds the port.";
        }

        /// <summary>A socket:// or rfc2217:// name is a host and a TCP port: the machine's own serial ports are beside the point.</summary>
        private static string RecommendForNetwork(string port) =>
            $"Check the host name in {port} (a typing error, or a name your DNS does not know: try the host's IP address) and that the host is reachable on this network.";

        private static string RecommendForPorts(IReadOnlyList<string> available) =>
            available.Count == 0
                ? "Check the port name and that the board is plugged in; Get-SerialPort lists the ports this machine has (it found none)."
                : $"Check the port name; Get-SerialPort lists the ports this machine has: {string.Join(", ", available)}.";
    }
}
