using System.Globalization;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>Names and explanations of <see cref="Esp32RomError"/> codes, including codes this enum does not know.</summary>
    public static class Esp32RomErrors
    {
        /// <summary>The enum name, or <c>0xNN</c> for a code the table does not list.</summary>
        public static string Name(byte code) =>
            System.Enum.IsDefined(typeof(Esp32RomError), code) ? ((Esp32RomError)code).ToString() : "0x" + code.ToString("X2", CultureInfo.InvariantCulture);

        public static string Describe(byte code) => (Esp32RomError)code switch
        {
            Esp32RomError.Undefined => "undefined error",
            Esp32RomError.InvalidParameter => "input parameter invalid",
            Esp32RomError.MallocFailed => "malloc failed",
            Esp32RomError.SendFailed => "failed to send",
            Esp32RomError.ReceiveFailed => "failed to receive",
            Esp32RomError.InvalidMessageFormat => "received message has invalid format (unknown or unsupported command, wrong payload length)",
            Esp32RomError.ExecutionFailed => "message OK but execution failed (for flash: access beyond the flash size the ROM assumes)",
            Esp32RomError.ChecksumError => "checksum error: data corrupted in transit (USB-serial driver or cable)",
            Esp32RomError.FlashWriteError => "flash write error: the ROM read the block back and it differs (bad flash or power)",
            Esp32RomError.FlashReadError => "flash read error",
            Esp32RomError.FlashReadLengthError => "flash read length error",
            Esp32RomError.DeflateFailed => "deflate failed: the compressed stream is corrupt",
            Esp32RomError.DeflateAdler32Error => "deflate Adler-32 error: the zlib trailer does not match the data",
            Esp32RomError.DeflateParameterError => "deflate parameter error",
            Esp32RomError.InvalidRamBinarySize => "invalid RAM binary size",
            Esp32RomError.InvalidRamBinaryAddress => "invalid RAM binary address",
            Esp32RomError.InvalidParameterNew => "invalid parameter",
            Esp32RomError.InvalidFormat => "invalid format",
            Esp32RomError.DescriptionTooLong => "description too long",
            Esp32RomError.BadEncodingDescription => "bad encoding description",
            Esp32RomError.InsufficientStorage => "insufficient storage",
            _ => "unknown ROM error code",
        };
    }
}
