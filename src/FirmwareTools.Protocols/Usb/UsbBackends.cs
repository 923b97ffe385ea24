using System.Threading;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The USB bus the cmdlets use: one libusb context for the whole PowerShell session, created on first
    /// use. It is never disposed, so device objects a user keeps in a variable stay usable between commands.
    /// </summary>
    public static class UsbBackends
    {
        private static readonly object Gate = new object();
        private static IUsbBackend? shared;

        public static IUsbBackend GetDefault(OperationLog? log = null)
        {
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
    }
}
