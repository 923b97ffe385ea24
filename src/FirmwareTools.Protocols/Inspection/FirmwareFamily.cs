using System;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Inspection
{
    /// <summary>
    /// Refuses a firmware file meant for another family of boards, by what Get-FirmwareInfo's inspectors find it to be
    /// (<see cref="FirmwareInspector"/>), not by its name: an installer that took it would plan a write that makes no
    /// sense (an ESP32 .bin at 0x08000000 on a pyboard) or fail on a detail ("magic 0xE9, first byte 0x44").
    /// </summary>
    public static class FirmwareFamily
    {
        /// <summary>Throws <c>FirmwareForAnotherFamily</c> when <paramref name="path"/> is ESP32 firmware.</summary>
        /// <remarks>
        /// An ESP32 image is recognised only when it is a sound one: its magic is a single byte (0xE9) that raw flash data
        /// (a FAT boot sector's jump, say, in a filesystem backup) may also start with. A Pycom package is recognised by
        /// its gzip magic when sound, or by its .tar.gz name.
        /// </remarks>
        public static void RequireStm32(string path)
        {
            FirmwareInfo info = FirmwareInspector.Inspect(path);
            string name = info.Name;
            RefuseUf2(path, info, "firmware for an STM32 pyboard", "A pyboard takes a DfuSe .dfu file (Save-Firmware -Board PYBV11).");
            if (info.Format == FirmwareImageFormat.Esp32Image && info.IsValid)
            {
                throw ImageErrors.FamilyMismatch(path,
                    $"'{name}' is an ESP32 firmware image, not firmware for an STM32 pyboard. Nothing was written.",
                    $"Flash it with Install-Esp32Firmware -Port <port> -Path '{path}'. A pyboard takes a DfuSe .dfu file (Save-Firmware -Board PYBV11).");
            }

            if (info.Format == FirmwareImageFormat.PycomPackage && (info.IsValid || IsTarball(name)))
            {
                throw ImageErrors.FamilyMismatch(path,
                    $"'{name}' is a Pycom firmware package for an ESP32 board (WiPy, LoPy, FiPy...), not firmware for an STM32 pyboard. Nothing was written.",
                    $"Flash it with Install-Esp32Firmware -Port <port> -Path '{path}'. A pyboard takes a DfuSe .dfu file (Save-Firmware -Board PYBV11).");
            }
        }

        /// <summary>Throws <c>FirmwareForAnotherFamily</c> when <paramref name="path"/> is a DfuSe or DFU file for an STM32, or a UF2 for a Pico.</summary>
        public static void RequireEsp32(string path)
        {
            FirmwareInfo info = FirmwareInspector.Inspect(path);
            RefuseUf2(path, info, "an ESP32 image", "An ESP32 takes a .bin (Save-Firmware -Board ESP32_GENERIC).");
            if (info.Format == FirmwareImageFormat.DfuSe || info.Format == FirmwareImageFormat.Dfu)
            {
                string what = info.Format == FirmwareImageFormat.DfuSe ? "a DfuSe file for an STM32 (a pyboard's USB DFU bootloader)" : "a DFU file for a USB DFU bootloader";
                throw ImageErrors.FamilyMismatch(path,
                    $"'{info.Name}' is {what}, not an ESP32 image. Nothing was written.",
                    $"Flash it with Install-PyboardFirmware -Path '{path}' on a board in DFU mode (Get-DfuDevice lists them). An ESP32 takes a .bin (Save-Firmware -Board ESP32_GENERIC).");
            }
        }

        // A UF2 is recognised by its block magics (the inspector's format), sound or not: raw flash never starts with them.
        private static void RefuseUf2(string path, FirmwareInfo info, string notWhat, string takes)
        {
            if (info.Format == FirmwareImageFormat.Uf2)
            {
                throw ImageErrors.FamilyMismatch(path,
                    $"'{info.Name}' is a UF2 file for a Raspberry Pi Pico (RP2040/RP2350), not {notWhat}. Nothing was written.",
                    $"Flash it with Install-Rp2Firmware -Path '{path}' on a Pico in BOOTSEL mode (Get-Rp2Device lists them). {takes}");
            }
        }

        private static bool IsTarball(string name) =>
            name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
    }
}
