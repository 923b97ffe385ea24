namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Where a chip's SPI1 user-command registers are (§4.5): the block's base and the offsets of the registers the
    /// JEDEC RDID sequence uses. The ESP32 and the later chips place them differently.
    /// </summary>
    public sealed class Esp32SpiRegisters
    {
        public Esp32SpiRegisters(uint baseAddress, uint usrOffset, uint usr2Offset, uint misoDlenOffset, uint w0Offset)
        {
            Base = baseAddress;
            UsrOffset = usrOffset;
            Usr2Offset = usr2Offset;
            MisoDlenOffset = misoDlenOffset;
            W0Offset = w0Offset;
        }

        /// <summary>SPI_REG_BASE of SPI1, the flash's controller.</summary>
        public uint Base { get; }

        /// <summary>SPI_CMD_REG is the block's first register on every chip.</summary>
        public uint CmdOffset => 0x00;

        public uint UsrOffset { get; }

        public uint Usr2Offset { get; }

        public uint MisoDlenOffset { get; }

        public uint W0Offset { get; }

        public uint Cmd => Base + CmdOffset;

        public uint Usr => Base + UsrOffset;

        public uint Usr2 => Base + Usr2Offset;

        public uint MisoDlen => Base + MisoDlenOffset;

        public uint W0 => Base + W0Offset;
    }
}
