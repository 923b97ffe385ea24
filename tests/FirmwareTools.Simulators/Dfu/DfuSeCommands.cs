namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// ST's DfuSe extension as the ROM bootloader implements it (AN3156 §3, AN2606): commands travel in DNLOAD block 0
/// (first byte the command, then a little-endian address where one is needed), memory blocks start at wBlockNum 2
/// (address = pointer + (wBlockNum - 2) × wTransferSize), and UPLOAD block 0 returns the command list. The
/// simulator's own copy, never the module's.
/// </summary>
public static class DfuSeCommands
{
    public const byte GetCommands = 0x00;
    public const byte SetAddressPointer = 0x21;
    public const byte Erase = 0x41;
    public const byte ReadUnprotect = 0x92;

    public const ushort CommandBlock = 0;
    public const ushort FirstDataBlock = 2;
}
