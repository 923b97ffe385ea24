using System;
using System.Collections.Generic;
using System.Globalization;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// A USB "bus" that holds the one device a loopback bridge server exposes (see <see cref="UsbBridgeCommand"/>).
    /// It lets the module itself drive a simulator for manual tries: point <see cref="EnvironmentVariable"/> at
    /// the host:port that <c>serve-dfu</c> prints. Each call to <see cref="GetDevices"/> opens a new connection.
    /// </summary>
    public sealed class RemoteUsbBackend : IUsbBackend
    {
        /// <summary>host:port of a bridge server; when set, the module uses the bridge instead of libusb.</summary>
        public const string EnvironmentVariable = "FIRMWARETOOLS_USB_BRIDGE";

        private readonly List<RemoteUsbDevice> handedOut = new List<RemoteUsbDevice>();

        public RemoteUsbBackend(string host, int port)
        {
            Host = host ?? throw new ArgumentNullException(nameof(host));
            Port = port;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>How long connecting may take before the bridge counts as unavailable.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The backend named by <see cref="EnvironmentVariable"/>, or null when it is not set.</summary>
        public static RemoteUsbBackend? FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(value) ? null : Parse(value!);
        }

        /// <summary>Parses "host:port" (the port is the part after the last colon).</summary>
        public static RemoteUsbBackend Parse(string endpoint)
        {
            if (endpoint is null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            int colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw new UsbBridgeUnavailableException($"'{endpoint}' is not a bridge address; {EnvironmentVariable} wants host:port, e.g. 127.0.0.1:40123.", endpoint);
            }

            return new RemoteUsbBackend(endpoint.Substring(0, colon), port);
        }

        public IReadOnlyList<IUsbDevice> GetDevices()
        {
            var device = RemoteUsbDevice.Connect(Host, Port, ConnectTimeout);
            lock (handedOut)
            {
                handedOut.Add(device);
            }

            return new IUsbDevice[] { device };
        }

        public void Dispose()
        {
            lock (handedOut)
            {
                foreach (RemoteUsbDevice device in handedOut)
                {
                    device.Dispose();
                }

                handedOut.Clear();
            }
        }
    }
}
