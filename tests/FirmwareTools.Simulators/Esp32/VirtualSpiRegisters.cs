namespace FirmwareTools.Simulators.Esp32;

/// <summary>Addresses of a chip's SPI1 user-command registers (docs/protocols/esp32-family.md §1: the ESP32's offsets differ from the later chips').</summary>
public sealed record VirtualSpiRegisters(uint Base, uint UsrOffset, uint Usr2Offset, uint MisoDlenOffset, uint W0Offset)
{
    /// <summary>The ESP32's SPI1 block (esp32-rom-loader.md §4.5).</summary>
    public static VirtualSpiRegisters Esp32 { get; } = new(0x3FF42000, 0x1C, 0x24, 0x2C, 0x80);

    /// <summary>The S2/S3/C3/C6 layout at a chip's SPI1 base (esp32-family.md §1).</summary>
    public static VirtualSpiRegisters Later(uint spiBase) => new(spiBase, 0x18, 0x20, 0x28, 0x58);

    public uint Cmd => Base;

    public uint Usr => Base + UsrOffset;

    public uint Usr2 => Base + Usr2Offset;

    public uint MisoDlen => Base + MisoDlenOffset;

    public uint W0 => Base + W0Offset;
}
