namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// Enough of an ESP8266 ROM for the refusal test (docs/protocols/esp32-family.md §8): replies end with 2 status bytes
/// and READ_REG of the magic register gives 0xFFF0C101. Its flash commands are not modelled.
/// </summary>
public sealed class VirtualEsp8266Chip : VirtualEsp32Chip
{
    private VirtualEsp8266Chip()
    {
    }

    public static VirtualEsp8266Chip Instance { get; } = new();

    public override string Name => "ESP8266";

    public override int StatusLength => 2;

    public override VirtualSpiRegisters Spi => VirtualSpiRegisters.Esp32;

    public override (int Major, int Minor) DefaultRevision => (0, 0);

    /// <summary>The ESP8266 ROM's boot line [U: recalled, not read in the note].</summary>
    public override string DownloadBanner => "\r\n ets Jan  8 2013,rst cause:2, boot mode:(1,7)\r\n\r\n";

    public override string FlashBootLog => "\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,7)\r\n\r\n";

    public override uint Magic(VirtualEsp32Settings settings) => 0xFFF0C101;

    public override bool AcceptsBeginLength(int length, VirtualEsp32Settings settings) => length == 16;

    public override byte[]? SecurityInfo(VirtualEsp32Settings settings) => null;

    public override bool TryReadRegister(uint address, VirtualEsp32Settings settings, int boardBaud, out uint value)
    {
        value = 0;
        return false;
    }
}
