namespace FirmwareTools.Simulators.Pycom;

/// <summary>One command the virtual PIC executed: the opcode, and for PEEK/POKE/MAGIC the register and the operands.</summary>
public sealed record LoggedPicCommand(byte Opcode, ushort Address = 0, byte And = 0xFF, byte Or = 0, byte Xor = 0)
{
    public override string ToString() => Opcode switch
    {
        VirtualPycomPic.CMD_MAGIC => $"MAGIC 0x{Address:X3} and 0x{And:X2} or 0x{Or:X2} xor 0x{Xor:X2}",
        VirtualPycomPic.CMD_POKE => $"POKE 0x{Address:X3} = 0x{Or:X2}",
        VirtualPycomPic.CMD_PEEK => $"PEEK 0x{Address:X3}",
        _ => $"0x{Opcode:X2}",
    };
}
