using System;
using System.Globalization;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>The catalog entries of the ESP32 ROM loader: connecting, the chip, the ROM's answers, verifying.</summary>
    public static class Esp32Errors
    {
        public static readonly ErrorDefinition ChipNotSupportedId = new("Esp32ChipNotSupported", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition RunsFirmwareId = new("Esp32RunsFirmware", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition Md5MismatchId = new("Esp32Md5Mismatch", FirmwareErrorKind.ChecksumMismatch);
        public static readonly ErrorDefinition PycomPicNoAnswerId = new("PycomPicNoAnswer", FirmwareErrorKind.Timeout);

        /// <summary>Caught by type (<see cref="Esp32NoAnswerException"/>): the install run retries with another reset.</summary>
        public static readonly ErrorDefinition NoAnswerId = new("Esp32NoAnswer", FirmwareErrorKind.Timeout);

        /// <summary>Caught by type (<see cref="Esp32ProtocolException"/>): connecting and the install run retry on it.</summary>
        public static readonly ErrorDefinition ProtocolErrorId = new("Esp32ProtocolError", FirmwareErrorKind.ProtocolError);

        /// <summary>Caught by type (<see cref="Esp32RomErrorException"/>): the code the ROM answered decides what happens next.</summary>
        public static readonly ErrorDefinition RomErrorId = new("Esp32RomError", FirmwareErrorKind.ProtocolError);

        /// <summary>The ROM answered, but it is a chip this client cannot flash (the ROM loader here speaks ESP32 only).</summary>
        /// <summary>What this module flashes through the ROM loader, for the messages.</summary>
        public const string SupportedChips = "the ESP32, ESP32-S2, ESP32-S3, ESP32-C3 and ESP32-C6";

        /// <summary>
        /// The ROM answered, but it is a chip this client cannot flash: the ESP8266 (docs/protocols/esp32-family.md §8), or
        /// a later family member without a target here (C2, C5, C61, H2, P4 ...). Nothing was written and nothing was
        /// reset beyond what connecting did.
        /// </summary>
        public static FirmwareError ChipNotSupported(string port, string chip)
        {
            bool esp8266 = chip == Esp32Protocol.Esp8266Name;
            return new(ChipNotSupportedId,
                esp8266
                    ? $"ESP8266 ROM bootloader detected on {port}: Install-Esp32Firmware flashes only {SupportedChips} through the ROM loader, and the ESP8266 ROM cannot verify (MD5), compress or change speed, so a safe ROM-only write is not possible. Nothing was written."
                    : $"The chip on {port} is {chip}; Install-Esp32Firmware flashes {SupportedChips} through their ROM loaders. Nothing was written.",
                port,
                esp8266
                    ? "Use esptool or mpflash, which upload a flasher stub; the MicroPython image ESP8266_GENERIC goes at 0x0."
                    : "Use esptool for this chip; FirmwareTools flashes boards with " + SupportedChips + ".");
        }

        /// <summary>The board answered as running firmware (a MicroPython REPL echoing, a prompt), not as the ROM bootloader.</summary>
        public static FirmwareError RunsFirmware(string port, string evidence, Exception? innerException = null) =>
            new(RunsFirmwareId, $"The board on {port} runs firmware, not the bootloader ({evidence}).", port,
                "Hold GPIO0/G23 low (GPIO9 on an ESP32-C3 or C6) and reset: press BOOT while pressing reset, or fit the G23-GND jumper on a Pycom Expansion Board and press reset; then run the command again.",
                innerException);

        /// <summary>SPI_FLASH_MD5 of a written region differs from the file: the flash does not hold what was sent.</summary>
        public static FirmwareError Md5Mismatch(string port, MemoryRegion region, string? file, string expectedMd5, string actualMd5) =>
            new(Md5MismatchId,
                string.Format(CultureInfo.InvariantCulture,
                    "Verification failed on {0}: the flash at 0x{1:X} ({2} bytes{3}) has MD5 {4}, the data sent has {5}.",
                    port, region.Address, region.Length, file is null ? string.Empty : " from '" + file + "'", actualMd5, expectedMd5),
                port,
                "The board does not hold the firmware: check its power supply and the flash write protection (GPIO12 must be low on 3.3 V flash), then flash again; do not rely on the board until a flash verifies.",
                null);

        /// <summary>-Before PycomPic: no Pycom PIC (Expansion Board 3, Pysense, Pytrack) answered its 5-bit command channel, or its firmware is too old.</summary>
        public static FirmwareError PycomPicNoAnswer(string port, string detail, Exception? innerException = null) =>
            new(PycomPicNoAnswerId, $"No Pycom PIC answered on {port}: {detail}", port,
                "-Before PycomPic needs a Pycom Expansion Board 3, Pysense or Pytrack (USB id 04D8:EF98, F012, F013) with PIC firmware 6 or later; update the board's firmware with Pycom's DFU tool, or on other carriers use -Before DefaultReset (auto-reset lines) or -Before NoReset (G23-GND jumper).",
                innerException);

        // The chip checks (docs/protocols/esp32-family.md §2.7, §4.2): nothing has been written when one is raised.
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

        // The chip's own USB connections (docs/protocols/esp32-family.md §3.5): a board whose port re-enumerated is found
        // again by its USB serial number or location, never by guessing; these say why it could not be.
        public static readonly ErrorDefinition BoardNotBackId = new("Esp32BoardNotBack", FirmwareErrorKind.NotFound);

        public static readonly ErrorDefinition PortNotTraceableId = new("Esp32PortNotTraceable", FirmwareErrorKind.NotFound);

        public static readonly ErrorDefinition BoardAmbiguousId = new("Esp32BoardAmbiguous", FirmwareErrorKind.InvalidArgument);

        /// <summary>The port vanished on a reset and no port with the board's serial number or location came back in time.</summary>
        public static FirmwareError BoardNotBack(string port, string identity, System.TimeSpan waited) =>
            new(BoardNotBackId,
                $"The board on {port} re-enumerated when it was reset and did not come back within {waited.TotalSeconds:0.#} s: no serial port with {identity} appeared.",
                port,
                "Unplug the board and plug it in again (hold BOOT while plugging it in to start the ROM loader), then run the command again with the port Get-SerialPort shows for it.");

        /// <summary>The port vanished on a reset and the listing gave it neither a USB serial number nor a location to find it by.</summary>
        public static FirmwareError PortNotTraceable(string port) =>
            new(PortNotTraceableId,
                $"The board on {port} re-enumerated when it was reset, and {port} has no USB serial number or USB location to find it again by; another port is not taken on a guess.",
                port,
                "Run the command again with the port the board has now (Get-SerialPort lists it).");

        /// <summary>More than one port matches the board's serial number or location after re-enumeration.</summary>
        public static FirmwareError BoardAmbiguous(string port, string identity, string candidates) =>
            new(BoardAmbiguousId,
                $"The board on {port} re-enumerated when it was reset, and more than one port matches {identity} ({candidates}); none is taken on a guess.",
                port,
                "Unplug the other boards, or run the command again with the port the board has now (Get-SerialPort lists it).");
    }
}
