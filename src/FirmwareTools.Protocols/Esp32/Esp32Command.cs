namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>ROM loader opcodes (docs/protocols/esp32-rom-loader.md §2.1). Only what the ESP32 ROM implements, plus GET_SECURITY_INFO for S2+.</summary>
    public enum Esp32Command : byte
    {
        FlashBegin = 0x02,
        FlashData = 0x03,
        FlashEnd = 0x04,
        MemBegin = 0x05,
        MemEnd = 0x06,
        MemData = 0x07,
        Sync = 0x08,
        WriteReg = 0x09,
        ReadReg = 0x0A,
        SpiSetParams = 0x0B,
        SpiAttach = 0x0D,
        ReadFlashSlow = 0x0E,
        ChangeBaudRate = 0x0F,
        FlashDeflBegin = 0x10,
        FlashDeflData = 0x11,
        FlashDeflEnd = 0x12,
        SpiFlashMd5 = 0x13,
        GetSecurityInfo = 0x14,
    }
}
