using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>The OS refuses this user the port: on Linux the user is usually not in the port's group.</summary>
    public sealed class SerialPortAccessDeniedException : FirmwareToolsException
    {
        public SerialPortAccessDeniedException(string port, string detail, Exception? innerException = null)
            : base($"Access to the serial port {port} was denied: {detail}.", port, Recommend(), innerException)
        {
        }

        public override string ErrorId => "SerialPortAccessDenied";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.PermissionDenied;

        private static string Recommend()
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
    }
}
