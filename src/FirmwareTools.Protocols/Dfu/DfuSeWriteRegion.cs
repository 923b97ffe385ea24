using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>One contiguous run of bytes the flasher writes, on one alternate setting.</summary>
    public sealed class DfuSeWriteRegion
    {
        public DfuSeWriteRegion(byte alternateSetting, uint address, byte[] data, bool erasedFirst)
        {
            AlternateSetting = alternateSetting;
            Address = address;
            Data = data ?? throw new ArgumentNullException(nameof(data));
            ErasedFirst = erasedFirst;
        }

        public byte AlternateSetting { get; }

        public uint Address { get; }

        public byte[] Data { get; }

        public long Length => Data.LongLength;

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => Address + Data.LongLength;

        /// <summary>
        /// False when the region lies in writable memory that the layout says cannot be erased (type 'd' or 'e', such
        /// as option bytes or OTP): the device programs it in place.
        /// </summary>
        public bool ErasedFirst { get; }

        /// <summary>Where the bytes go, without them.</summary>
        public MemoryRegion Region => new MemoryRegion(Address, Length);

        public override string ToString() => $"alt {AlternateSetting} {Region}";
    }
}
