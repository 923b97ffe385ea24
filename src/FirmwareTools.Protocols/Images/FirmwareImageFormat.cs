namespace FirmwareTools.Protocols.Images
{
    /// <summary>What kind of firmware file a file is, as found by <see cref="FirmwareImageFile.Read(string, bool)"/>.</summary>
    public enum FirmwareImageFormat
    {
        /// <summary>Not determined (the file could not be read far enough).</summary>
        Unknown = 0,

        /// <summary>Bytes with no header and no address: a backup or a .bin, flashed at an address the user gives.</summary>
        Raw,

        /// <summary>A plain DFU file: raw bytes followed by a DFU suffix whose bcdDFU is not 0x011A. Also has no address.</summary>
        Dfu,

        /// <summary>An ST DfuSe file: prefix, targets with addressed elements, DFU suffix with bcdDFU 0x011A.</summary>
        DfuSe,

        /// <summary>An ESP32 firmware image (0xE9 header, segments, checksum, optional SHA-256); see FirmwareInfo.Esp32Image.</summary>
        Esp32Image,

        /// <summary>A Pycom firmware package (.tar.gz with a script); see FirmwareInfo.PycomPackage.</summary>
        PycomPackage,

        /// <summary>A UF2 file of 512-byte blocks (Raspberry Pi Pico firmware); see FirmwareInfo.Uf2.</summary>
        Uf2,
    }
}
