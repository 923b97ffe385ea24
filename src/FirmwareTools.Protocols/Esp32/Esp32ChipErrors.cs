using System.Globalization;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The catalog entries of the ESP32 family's chip checks (docs/protocols/esp32-family.md §2.7, §4.2): an image built
    /// for another chip, an image at another chip's bootloader offset, a chip in secure download mode. Nothing has been
    /// written to the board when any of them is raised.
    /// </summary>
    public static class Esp32ChipErrors
    {
        public static readonly ErrorDefinition ChipMismatchId = new("Esp32ChipMismatch", FirmwareErrorKind.InvalidData);

        public static readonly ErrorDefinition ImageMisplacedId = new("Esp32ImageMisplaced", FirmwareErrorKind.InvalidArgument);

        public static readonly ErrorDefinition SecureDownloadModeId = new("Esp32SecureDownloadMode", FirmwareErrorKind.DeviceError);

        /// <summary>
        /// The image's header names one chip, and the board (or another file of the same install) is another:
        /// <paramref name="why"/> says which ("the board on COM7 is an ESP32-S3 (revision v0.2)").
        /// </summary>
        public static FirmwareError ChipMismatch(string path, int imageChipId, string expectedChip, string why) =>
            new(ChipMismatchId,
                $"'{path}' is firmware for {ChipName(imageChipId)}, but {why}; nothing was written.",
                path,
                $"Download the firmware built for {expectedChip} (for MicroPython: {MicroPythonBoardFor(expectedChip)}), or pass -Force if you are sure.");

        /// <summary>An image for a chip whose bootloader lives elsewhere was placed at a bootloader offset (an S3 image at 0x1000).</summary>
        public static FirmwareError ImageMisplaced(string path, int imageChipId, uint offset, uint home) =>
            new(ImageMisplacedId,
                string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is a bootloader or merged image for {1}, whose bootloader goes at {2}, not at {3}: the ROM would find no bootloader at {2} and print 'invalid header'.",
                    path, ChipName(imageChipId), Hex.Address(home), Hex.Address(offset)),
                path,
                string.Format(CultureInfo.InvariantCulture, "Write it at {0} (-Image @{{ {0} = '{1}' }}), or pass it with -Path, which picks the offset from the file.", Hex.Address(home), path));

        /// <summary>The ROM refuses register reads: the chip is in secure download mode (§2.7 step 4).</summary>
        public static FirmwareError SecureDownloadMode(string port, string chip) =>
            new(SecureDownloadModeId,
                $"The {chip} on {port} is in secure download mode: its ROM refuses register reads, so its identity and flash cannot be checked; nothing was written.",
                port,
                "Flash it with esptool (which supports secure download mode with an explicit --flash-size), or use a board whose secure download mode eFuse is not burned.");

        /// <summary>"ESP32-S3", or "chip id N" for an id nobody knows.</summary>
        public static string ChipName(int chipId) => Esp32Chips.ChipFromImageId(chipId) ?? string.Format(CultureInfo.InvariantCulture, "chip id {0}", chipId);

        /// <summary>The generic MicroPython board id for a chip: ESP32_GENERIC_S3 for the ESP32-S3.</summary>
        public static string MicroPythonBoardFor(string chip) => chip.StartsWith("ESP32-", System.StringComparison.Ordinal)
            ? "ESP32_GENERIC_" + chip.Substring("ESP32-".Length)
            : chip == "ESP32" ? "ESP32_GENERIC" : chip;
    }
}
