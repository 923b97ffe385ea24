namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>One WRITE_REG a chip target asks for: the address, the value and the mask of the bits it changes.</summary>
    public sealed class Esp32RegisterWrite
    {
        public Esp32RegisterWrite(uint address, uint value, uint mask)
        {
            Address = address;
            Value = value;
            Mask = mask;
        }

        public uint Address { get; }

        public uint Value { get; }

        public uint Mask { get; }

        public override string ToString() => $"WRITE_REG {Hex.Address(Address)} = {Hex.Address(Value)} (mask {Hex.Address(Mask)})";
    }
}
