using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>One contiguous block of firmware bytes and the address it belongs at (a DfuSe "image element").</summary>
    public sealed class DfuSeElement
    {
        public DfuSeElement(uint address, byte[] data)
        {
            Address = address;
            Data = data ?? throw new ArgumentNullException(nameof(data));
        }

        public uint Address { get; }

        public byte[] Data { get; }

        public long Length => Data.LongLength;

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => Address + Data.LongLength;

        public override string ToString() => $"0x{Address:X8}-0x{EndAddress - 1:X8} ({Length} bytes)";
    }
}
