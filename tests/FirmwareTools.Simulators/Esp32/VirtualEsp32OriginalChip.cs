namespace FirmwareTools.Simulators.Esp32;

/// <summary>The original ESP32 (esp32-rom-loader.md §8.3): eFuses at 0x3FF5A000, the clock registers esptool reads, 16-byte BEGIN, no GET_SECURITY_INFO.</summary>
public sealed class VirtualEsp32OriginalChip : VirtualEsp32Chip
{
    public const uint ApbCtlDateRegister = 0x3FF6607C;
    public const uint UartClkdivRegister = 0x3FF40014;
    public const uint RtcCaliCfg1Register = 0x3FF5F06C;
    public const uint GpioStrapRegister = 0x3FF44038;

    private VirtualEsp32OriginalChip()
    {
    }

    public static VirtualEsp32OriginalChip Instance { get; } = new();

    public override string Name => "ESP32";

    public override VirtualSpiRegisters Spi => VirtualSpiRegisters.Esp32;

    public override (int Major, int Minor) DefaultRevision => (0, 0);

    public override string DownloadBanner => new VirtualEsp32Settings().DownloadBootBanner;

    public override string FlashBootLog => new VirtualEsp32Settings().FlashBootLog;

    public override uint Magic(VirtualEsp32Settings settings) => settings.ChipMagic;

    /// <summary>The ESP32 ROM takes exactly four words; the fifth "encrypted" word of later chips is refused (§2.2).</summary>
    public override bool AcceptsBeginLength(int length, VirtualEsp32Settings settings) => length == 16;

    public override byte[]? SecurityInfo(VirtualEsp32Settings settings) => null;

    public override bool TryReadRegister(uint address, VirtualEsp32Settings settings, int boardBaud, out uint value)
    {
        if (address >= Esp32Efuses.ReadBase && address < Esp32Efuses.ReadBase + (4 * Esp32Efuses.WordCount) && address % 4 == 0)
        {
            value = Esp32Efuses.Words(settings)[(address - Esp32Efuses.ReadBase) / 4];
            return true;
        }

        switch (address)
        {
            case ApbCtlDateRegister:
                value = ((Esp32Efuses.RevisionBits(settings.MajorRevision) >> 2) & 1) == 1 ? 0x8000_0000u | 0x1605190 : 0x1605190u;
                return true;
            case UartClkdivRegister:
                value = (uint)(settings.CrystalHz / Math.Max(1, boardBaud)) & 0xFFFFF;
                return true;
            case RtcCaliCfg1Register:
                value = settings.RtcCaliValue << 7;
                return true;
            case GpioStrapRegister:
                value = settings.GpioStrap;
                return true;
            default:
                value = 0;
                return false;
        }
    }
}
