using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Opens a port by the name a user types: <c>COM5</c>, <c>/dev/ttyUSB0</c> (the OS's serial driver through
    /// System.IO.Ports), <c>socket://host:port</c> (raw TCP), <c>rfc2217://host:port</c> (Telnet COM-PORT-OPTION) or
    /// <c>usb://host:port</c> (the CDC ACM function of the device on a loopback USB bridge, <see cref="UsbBridgeSerialPorts"/>).
    /// </summary>
    public static class SerialPorts
    {
        public const string SocketScheme = "socket";

        public const string Rfc2217Scheme = "rfc2217";

        /// <summary>Opens and configures the port; the caller disposes it.</summary>
        /// <exception cref="FirmwareError">InvalidSerialPortName: The name is empty or an unknown URL.</exception>
        /// <exception cref="FirmwareError">SerialPortNotFound: No such port or host.</exception>
        /// <exception cref="SerialPortBusyException">Another program holds the port.</exception>
        /// <exception cref="FirmwareError">SerialPortAccessDenied: The OS refuses this user the port.</exception>
        /// <exception cref="FirmwareError">SerialPortConnectionRefused: Nothing listens at the network address.</exception>
        public static ISerialPort Open(string name, SerialPortSettings? settings = null, CancellationToken cancellationToken = default)
        {
            settings ??= new SerialPortSettings();
            if (string.IsNullOrWhiteSpace(name))
            {
                throw SerialErrors.InvalidPortName(name ?? string.Empty, "the name is empty");
            }

            settings.Validate(name);
            int schemeEnd = name.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return OsSerialPort.Open(name, settings);
            }

            string scheme = name.Substring(0, schemeEnd);
            if (string.Equals(scheme, UsbBridgeSerialPorts.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return UsbBridgeSerialPorts.Open(name, settings);
            }

            bool rfc2217 = string.Equals(scheme, Rfc2217Scheme, StringComparison.OrdinalIgnoreCase);
            if (!rfc2217 && !string.Equals(scheme, SocketScheme, StringComparison.OrdinalIgnoreCase))
            {
                throw SerialErrors.InvalidPortName(name, $"the scheme '{scheme}://' is unknown (use socket://, rfc2217:// or usb://)");
            }

            (string host, int port) = ParseAddress(name);
            TcpClient client = Connect(name, host, port, settings.ConnectTimeout, cancellationToken);
            if (!rfc2217)
            {
                return new RawTcpSerialPort(name, client, settings);
            }

            return Rfc2217SerialPort.Open(name, client, settings, cancellationToken);
        }

        /// <summary>True for socket:// and rfc2217:// names (ports that are not listed by Get-SerialPort).</summary>
        public static bool IsNetworkPortName(string name) =>
            name.StartsWith(SocketScheme + "://", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith(Rfc2217Scheme + "://", StringComparison.OrdinalIgnoreCase);

        internal static (string Host, int Port) ParseAddress(string name)
        {
            if (!Uri.TryCreate(name, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw SerialErrors.InvalidPortName(name, "expected scheme://host:port");
            }

            if (uri.Port <= 0 || uri.Port > 65535)
            {
                throw SerialErrors.InvalidPortName(name, "the TCP port number is missing or out of range (expected scheme://host:port)");
            }

            if (uri.AbsolutePath.Length > 1 || uri.Query.Length > 0)
            {
                throw SerialErrors.InvalidPortName(name, "nothing may follow host:port");
            }

            return (uri.DnsSafeHost, uri.Port);
        }

        private static TcpClient Connect(string name, string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(host, out IPAddress? literal) ? new[] { literal } : Wait(Dns.GetHostAddressesAsync(host), timeout, cancellationToken, name);
            }
            catch (SocketException e)
            {
                throw SerialErrors.PortNotFound(name, $"the host {host} is unknown ({e.Message})", null, e);
            }

            if (addresses.Length == 0)
            {
                throw SerialErrors.PortNotFound(name, $"the host {host} has no address");
            }

            SocketException? last = null;
            foreach (IPAddress address in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
            {
                var client = new TcpClient(address.AddressFamily);
                try
                {
                    Wait(client.ConnectAsync(address, port), timeout, cancellationToken, name);
                    return client;
                }
                catch (SocketException e)
                {
                    client.Dispose();
                    last = e;
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
            }

            string why = last?.SocketErrorCode == SocketError.ConnectionRefused ? "the connection was refused (nothing listens there)" : last?.Message ?? "no address answered";
            throw SerialErrors.ConnectionRefused(name, why, last);
        }

        private static T Wait<T>(Task<T> task, TimeSpan timeout, CancellationToken cancellationToken, string name)
        {
            Wait((Task)task, timeout, cancellationToken, name);
            return task.Result;
        }

        private static void Wait(Task task, TimeSpan timeout, CancellationToken cancellationToken, string name)
        {
            bool done;
            try
            {
                done = task.Wait((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellationToken);
            }
            catch (AggregateException e) when (e.InnerException is SocketException socketError)
            {
                ExceptionDispatchInfo.Capture(socketError).Throw();
                throw;
            }

            if (!done)
            {
                // The abandoned attempt completes or fails on its own once the client is disposed.
                task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                throw SerialErrors.ConnectionRefused(name, $"no answer within {timeout.TotalSeconds:0.#} s");
            }
        }
    }
}
