namespace FirmwareTools.Simulators.Esp32;

/// <summary>ROM error codes: the second status byte when the first is 1 (docs/protocols/esp32-rom-loader.md §1.5).</summary>
public static class Esp32RomError
{
    public const byte None = 0x00;
    public const byte InvalidParameter = 0x01;
    public const byte MallocFailed = 0x02;
    public const byte SendFailed = 0x03;
    public const byte ReceiveFailed = 0x04;
    public const byte InvalidMessage = 0x05;
    public const byte ExecutionFailed = 0x06;
    public const byte ChecksumError = 0x07;
    public const byte FlashWriteError = 0x08;
    public const byte FlashReadError = 0x09;
    public const byte FlashReadLengthError = 0x0A;
    public const byte DeflateError = 0x0B;
    public const byte DeflateAdler32Error = 0x0C;
    public const byte DeflateParameterError = 0x0D;
    public const byte InvalidRamBinarySize = 0x0E;
    public const byte InvalidRamBinaryAddress = 0x0F;
}
