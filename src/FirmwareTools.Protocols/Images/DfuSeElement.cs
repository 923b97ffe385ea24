using System;

namespace FirmwareTools.Protocols.Images
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

        /// <summary>Where the bytes go, without them.</summary>
        public MemoryRegion Region => new MemoryRegion(Address, Length);

        public override string ToString() => Region.ToString();
    }
}
