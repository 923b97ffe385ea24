using System;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>One region written to the board.</summary>
    public sealed class Esp32RegionResult
    {
        public Esp32RegionResult(uint offset, long size, string md5, bool verified, TimeSpan elapsed, string path, long compressedSize)
            : this(offset, size, md5, verified, elapsed, path, compressedSize, Esp32RegionAction.Written)
        {
        }

        public Esp32RegionResult(uint offset, long size, string md5, bool verified, TimeSpan elapsed, string path, long compressedSize, Esp32RegionAction action)
        {
            Action = action;
            Offset = offset;
            Size = size;
            Md5 = md5;
            Verified = verified;
            Elapsed = elapsed;
            FirmwarePath = path;
            CompressedSize = compressedSize;
        }

        public uint Offset { get; }

        /// <summary>Written, Skipped (-SkipUnchanged found the same bytes on the flash) or Erased.</summary>
        public Esp32RegionAction Action { get; }

        /// <summary>Bytes written (the file padded to a multiple of 4).</summary>
        public long Size { get; }

        /// <summary>MD5 of the written bytes; the flash's own MD5 matched it when <see cref="Verified"/>.</summary>
        public string Md5 { get; }

        public bool Verified { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>The file written. Not named Path, so piping a result on never re-flashes by accident.</summary>
        public string FirmwarePath { get; }

        /// <summary>Bytes sent on the wire for the data (the zlib stream).</summary>
        public long CompressedSize { get; }

        public override string ToString() => $"0x{Offset:X}";
    }
}
