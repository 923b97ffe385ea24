using System.Globalization;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>What a user does when the OS will not let this module open a USB device.</summary>
    public static class UsbAccessHint
    {
        private const ushort StmVendorId = 0x0483;
        private const ushort StmDfuProductId = 0xDF11;

        /// <summary>"0483:df11 (bus 1, port path 1-1.4)".</summary>
        public static string Describe(ushort vendorId, ushort productId, UsbDeviceLocation location) =>
            string.Format(CultureInfo.InvariantCulture, "{0:x4}:{1:x4} (bus {2}, port path {3})", vendorId, productId, location.BusNumber, location.PortPath);

        public static string For(OSPlatform os, ushort vendorId, ushort productId)
        {
            bool stm32 = vendorId == StmVendorId && productId == StmDfuProductId;
            if (os == OSPlatform.Windows)
            {
                string name = stm32 ? "\"STM32 BOOTLOADER\"" : string.Format(CultureInfo.InvariantCulture, "the device {0:X4}:{1:X4}", vendorId, productId);
                return $"Install the WinUSB driver for {name} with Zadig (https://zadig.akeo.ie): Options > List All Devices, pick it, choose WinUSB, Replace Driver. Then try again.";
            }

            if (os == OSPlatform.OSX)
            {
                return "Another program (or a kernel driver) holds the device. Close programs that use it, such as STM32CubeProgrammer or a serial terminal, and try again.";
            }

            string file = stm32 ? "49-stm32-dfu.rules" : string.Format(CultureInfo.InvariantCulture, "49-usb-{0:x4}-{1:x4}.rules", vendorId, productId);
            string rule = string.Format(CultureInfo.InvariantCulture, "SUBSYSTEM==\"usb\", ATTRS{{idVendor}}==\"{0:x4}\", ATTRS{{idProduct}}==\"{1:x4}\", TAG+=\"uaccess\"", vendorId, productId);
            return $"Allow your user to open it with a udev rule: put the line {rule} in /etc/udev/rules.d/{file}, " +
                   "then run sudo udevadm control --reload-rules && sudo udevadm trigger and replug the board.";
        }
    }
}
