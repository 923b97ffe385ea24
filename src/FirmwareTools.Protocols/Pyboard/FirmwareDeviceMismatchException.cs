using System.Globalization;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>The file's DFU suffix names other USB ids than the device's (dfu-util: "File ID does not match device").</summary>
    public sealed class FirmwareDeviceMismatchException : FirmwareToolsException
    {
        public FirmwareDeviceMismatchException(string path, ushort fileVendorId, ushort fileProductId, string device, ushort deviceVendorId, ushort deviceProductId)
            : base(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The firmware file '{0}' is marked for USB device {1:x4}:{2:x4} in its DFU suffix, but {3} is {4:x4}:{5:x4}. Nothing was written.",
                    path, fileVendorId, fileProductId, device, deviceVendorId, deviceProductId),
                path,
                "Use firmware built for this board; if you are sure the file is right (a hand-made file with wrong ids), run again with -Force.",
                null)
        {
        }

        public override string ErrorId => "FirmwareDeviceMismatch";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidData;
    }
}
