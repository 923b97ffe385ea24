using System;
using System.Collections.Generic;
using System.Threading;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The USB bus the cmdlets use: one libusb context for the whole PowerShell session, created on first
    /// use. It is never disposed, so device objects a user keeps in a variable stay usable between commands.
    /// When FIRMWARETOOLS_USB_BRIDGE names a USB bridge (host:port, e.g. the simulators' serve-dfu), that bus
    /// is used instead: manual tries of the real module against the virtual bootloader, on any machine. The variable
    /// is read on every call, so `$env:FIRMWARETOOLS_USB_BRIDGE = ...` in a session takes effect at the next command;
    /// one backend is kept per bridge address so device objects stay usable.
    /// </summary>
    public static class UsbBackends
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, RemoteUsbBackend> Bridges = new Dictionary<string, RemoteUsbBackend>(StringComparer.Ordinal);
        private static IUsbBackend? shared;

        public static IUsbBackend GetDefault(OperationLog? log = null)
        {
            string? bridge = Environment.GetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(bridge))
            {
                lock (Gate)
                {
                    if (!Bridges.TryGetValue(bridge!, out RemoteUsbBackend? remote))
                    {
                        remote = RemoteUsbBackend.Parse(bridge!);
                        log.Verbose($"Using the USB bridge at {bridge} ({RemoteUsbBackend.EnvironmentVariable}) instead of libusb.");
                        Bridges.Add(bridge!, remote);
                    }

                    return remote;
                }
            }

            IUsbBackend? backend = Volatile.Read(ref shared);
            if (backend != null)
            {
                return backend;
            }

            lock (Gate)
            {
                // A failure (libusb missing) is not cached: installing libusb and retrying must work without restarting PowerShell.
                shared ??= LibUsbBackend.Create(log);
                return shared;
            }
        }

        /// <summary>A new backend as <see cref="GetDefault"/> would choose it: the bridge from the environment, else libusb.</summary>
        public static IUsbBackend CreateDefault(OperationLog? log = null)
        {
            RemoteUsbBackend? bridge = RemoteUsbBackend.FromEnvironment();
            if (bridge != null)
            {
                log.Verbose($"Using the USB bridge at {Environment.GetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable)} ({RemoteUsbBackend.EnvironmentVariable}) instead of libusb.");
                return bridge;
            }

            return LibUsbBackend.Create(log);
        }
    }
}
