using System;
using System.IO;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>One region an <see cref="Esp32InstallRun"/> writes or erases: where, how long, what MD5 it must read back as.</summary>
    internal sealed class Esp32RegionJob
    {
        public Esp32RegionJob(uint offset, long length, string md5, string target)
        {
            Offset = offset;
            Length = length;
            Md5 = md5;
            Target = target;
        }

        public uint Offset { get; }

        public long Length { get; }

        /// <summary>The MD5 the chip must report for the range once the job is done (lower-case hex).</summary>
        public string Md5 { get; }

        /// <summary>How progress and messages name the region ("0x1000 bootloader.bin").</summary>
        public string Target { get; }

        /// <summary>The file (or package member) the region comes from, for results and errors; null for a plain erase.</summary>
        public string? Source { get; init; }

        /// <summary>Opens the bytes to write from their start; null for an erase.</summary>
        public Func<Stream>? Open { get; init; }

        /// <summary>The zlib stream's length when computed while planning; null to count it while writing.</summary>
        public long? CompressedLength { get; init; }
    }
}
