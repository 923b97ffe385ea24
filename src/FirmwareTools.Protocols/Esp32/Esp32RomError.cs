namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ROM's error codes: the second status byte when the first is 1 (docs/protocols/esp32-rom-loader.md §1.5). Names follow Espressif's
    /// wording; <see cref="Esp32RomErrors.Describe"/> gives the sentence a user reads.
    /// </summary>
    public enum Esp32RomError : byte
    {
        Undefined = 0x00,
        InvalidParameter = 0x01,
        MallocFailed = 0x02,
        SendFailed = 0x03,
        ReceiveFailed = 0x04,
        InvalidMessageFormat = 0x05,
        ExecutionFailed = 0x06,
        ChecksumError = 0x07,
        FlashWriteError = 0x08,
        FlashReadError = 0x09,
        FlashReadLengthError = 0x0A,
        DeflateFailed = 0x0B,
        DeflateAdler32Error = 0x0C,
        DeflateParameterError = 0x0D,
        InvalidRamBinarySize = 0x0E,
        InvalidRamBinaryAddress = 0x0F,
        InvalidParameterNew = 0x64,
        InvalidFormat = 0x65,
        DescriptionTooLong = 0x66,
        BadEncodingDescription = 0x67,
        InsufficientStorage = 0x69,
    }
}
