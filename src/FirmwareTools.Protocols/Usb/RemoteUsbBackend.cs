using System;
using System.Collections.Generic;
using System.Globalization;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// A USB "bus" that holds the devices loopback bridge servers expose (see <see cref="UsbBridgeCommand"/>), one
    /// device per bridge. It lets the module itself drive simulators for manual tries: point
    /// <see cref="EnvironmentVariable"/> at the host:port that <c>serve-dfu</c> prints, or at several, comma-separated,
    /// for a bench of several boards. Each call to <see cref="GetDevices"/> opens a new connection per bridge.
    /// </summary>
    public sealed class RemoteUsbBackend : IUsbBackend
    {
        /// <summary>host:port of a bridge server; when set, the module uses the bridge instead of libusb.</summary>
        public const string EnvironmentVariable = "FIRMWARETOOLS_USB_BRIDGE";

        private readonly List<RemoteUsbDevice> handedOut = new List<RemoteUsbDevice>();
        private readonly List<KeyValuePair<string, int>> endpoints;

        public RemoteUsbBackend(string host, int port)
            : this(new[] { new KeyValuePair<string, int>(host ?? throw new ArgumentNullException(nameof(host)), port) })
        {
        }

        private RemoteUsbBackend(IEnumerable<KeyValuePair<string, int>> endpoints)
        {
            this.endpoints = new List<KeyValuePair<string, int>>(endpoints);
        }

        /// <summary>The host of the first bridge.</summary>
        public string Host => endpoints[0].Key;

        /// <summary>The port of the first bridge.</summary>
        public int Port => endpoints[0].Value;

        /// <summary>Every bridge's host and TCP port, in the order the devices are listed.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Addresses => endpoints;

        /// <summary>Every bridge, as host:port, in the order the devices are listed.</summary>
        public IReadOnlyList<string> Endpoints => endpoints.ConvertAll(e => string.Format(CultureInfo.InvariantCulture, "{0}:{1}", e.Key, e.Value));

        /// <summary>How long connecting may take before the bridge counts as unavailable.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The backend named by <see cref="EnvironmentVariable"/>, or null when it is not set.</summary>
        public static RemoteUsbBackend? FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(value) ? null : Parse(value!);
        }

        /// <summary>Parses "host:port" (the port is the part after the last colon), or several of them separated by commas.</summary>
        public static RemoteUsbBackend Parse(string endpoint)
        {
            if (endpoint is null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (endpoint.IndexOf(',') >= 0)
            {
                var all = new List<KeyValuePair<string, int>>();
                foreach (string part in endpoint.Split(','))
                {
                    RemoteUsbBackend one = ParseOne(part.Trim(), endpoint);
                    all.Add(new KeyValuePair<string, int>(one.Host, one.Port));
                }

                return new RemoteUsbBackend(all);
            }

            return ParseOne(endpoint, endpoint);
        }

        private static RemoteUsbBackend ParseOne(string endpoint, string whole)
        {
            int colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw UsbErrors.BridgeUnavailable($"'{endpoint}' is not a bridge address; {EnvironmentVariable} wants host:port, e.g. 127.0.0.1:40123, or several separated by commas.", whole);
            }

            return new RemoteUsbBackend(endpoint.Substring(0, colon), port);
        }

        public IReadOnlyList<IUsbDevice> GetDevices()
        {
            var devices = new List<IUsbDevice>(endpoints.Count);
            foreach (KeyValuePair<string, int> endpoint in endpoints)
            {
                var device = RemoteUsbDevice.Connect(endpoint.Key, endpoint.Value, ConnectTimeout);
                lock (handedOut)
                {
                    handedOut.Add(device);
                }

                devices.Add(device);
            }

            return devices;
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
