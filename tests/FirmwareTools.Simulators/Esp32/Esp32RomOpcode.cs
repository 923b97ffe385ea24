namespace FirmwareTools.Simulators.Esp32;

/// <summary>Command opcodes of the ESP32 ROM loader, named as in the §2.1 table of docs/protocols/esp32-rom-loader.md.</summary>
public static class Esp32RomOpcode
{
    public const byte FLASH_BEGIN = 0x02;
    public const byte FLASH_DATA = 0x03;
    public const byte FLASH_END = 0x04;
    public const byte MEM_BEGIN = 0x05;
    public const byte MEM_END = 0x06;
    public const byte MEM_DATA = 0x07;
    public const byte SYNC = 0x08;
    public const byte WRITE_REG = 0x09;
    public const byte READ_REG = 0x0A;
    public const byte SPI_SET_PARAMS = 0x0B;
    public const byte SPI_ATTACH = 0x0D;
    public const byte READ_FLASH_SLOW = 0x0E;
    public const byte CHANGE_BAUDRATE = 0x0F;
    public const byte FLASH_DEFL_BEGIN = 0x10;
    public const byte FLASH_DEFL_DATA = 0x11;
    public const byte FLASH_DEFL_END = 0x12;
    public const byte SPI_FLASH_MD5 = 0x13;
    public const byte GET_SECURITY_INFO = 0x14;
}
