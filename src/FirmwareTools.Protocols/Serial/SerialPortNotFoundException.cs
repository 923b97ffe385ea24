using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// No port by that name exists (an OS port that is not there, a host name that does not resolve). Lists what
    /// the machine does have, because the usual cause is a typo or a board that enumerated under another name.
    /// </summary>
    public sealed class SerialPortNotFoundException : FirmwareToolsException
    {
        public SerialPortNotFoundException(string port, string detail, IEnumerable<string>? availablePorts = null, Exception? innerException = null)
            : this(port, detail, availablePorts?.ToList() ?? new List<string>(), innerException)
        {
        }

        private SerialPortNotFoundException(string port, string detail, IReadOnlyList<string> available, Exception? innerException)
            : base(
                SerialPorts.IsNetworkPortName(port) ? $"The network port {port} cannot be reached: {detail}." : $"The serial port {port} does not exist: {detail}.",
                port,
                SerialPorts.IsNetworkPortName(port) ? RecommendForNetwork(port) : Recommend(available),
                innerException)
        {
            AvailablePorts = available;
        }

        /// <summary>The ports Get-SerialPort found when the error was raised (may be empty).</summary>
        public IReadOnlyList<string> AvailablePorts { get; }

        public override string ErrorId => "SerialPortNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;

        /// <summary>A socket:// or rfc2217:// name is a host and a TCP port: the machine's own serial ports are beside the point.</summary>
        private static string RecommendForNetwork(string port) =>
            $"Check the host name in {port} (a typing error, or a name your DNS does not know: try the host's IP address) and that the host is reachable on this network.";

        private static string Recommend(IReadOnlyList<string> available) =>
            available.Count == 0
                ? "Check the port name and that the board is plugged in; Get-SerialPort lists the ports this machine has (it found none)."
                : $"Check the port name; Get-SerialPort lists the ports this machine has: {string.Join(", ", available)}.";
    }
}
