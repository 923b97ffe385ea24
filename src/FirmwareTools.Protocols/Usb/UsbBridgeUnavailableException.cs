using System;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>The loopback USB bridge named by the user (FIRMWARETOOLS_USB_BRIDGE) could not be reached or did not speak the bridge protocol.</summary>
    public sealed class UsbBridgeUnavailableException : FirmwareToolsException
    {
        public UsbBridgeUnavailableException(string message, string endpoint, Exception? innerException = null)
            : base(message, endpoint, $"Start the simulator's bridge (dotnet run --project tests/FirmwareTools.Simulators -- serve-dfu --port 0) and set {RemoteUsbBackend.EnvironmentVariable} to the host:port it prints, or clear the variable to use real USB.", innerException)
        {
        }

        public override string ErrorId => "UsbBridgeUnavailable";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ConnectionError;
    }
}
