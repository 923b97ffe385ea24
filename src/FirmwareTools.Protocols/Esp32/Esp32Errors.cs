using System;
using System.Globalization;

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
        public static FirmwareError ChipNotSupported(string port, string chip) =>
            new(ChipNotSupportedId, $"The chip on {port} is {chip}; Install-Esp32Firmware flashes the original ESP32 through its ROM loader.", port,
                "Use esptool for this chip; FirmwareTools supports ESP32 (WiPy, ESP32 DevKit) boards.", null);

        /// <summary>The board answered as running firmware (a MicroPython REPL echoing, a prompt), not as the ROM bootloader.</summary>
        public static FirmwareError RunsFirmware(string port, string evidence, Exception? innerException = null) =>
            new(RunsFirmwareId, $"The board on {port} runs firmware, not the bootloader ({evidence}).", port,
                "Hold GPIO0/G23 low and reset: press BOOT while pressing reset, or fit the G23-GND jumper on a Pycom Expansion Board and press reset; then run the command again.",
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
    }
}
