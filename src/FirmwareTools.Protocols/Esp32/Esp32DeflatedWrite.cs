using System;
using System.IO;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>One region for <see cref="Esp32FlashOperations.WriteDeflated"/>: where, how long, and how to read it.</summary>
    public sealed class Esp32DeflatedWrite
    {
        public Esp32DeflatedWrite(uint offset, long length, Func<Stream> openSource)
        {
            Offset = offset;
            Length = length;
            OpenSource = openSource ?? throw new ArgumentNullException(nameof(openSource));
        }

        public uint Offset { get; }

        /// <summary>Uncompressed bytes to write.</summary>
        public long Length { get; }

        /// <summary>Opens the data from its start; called twice when <see cref="CompressedLength"/> is not known.</summary>
        public Func<Stream> OpenSource { get; }

        /// <summary>The zlib stream's length when already computed (while the files were validated); null to count it here.</summary>
        public long? CompressedLength { get; init; }
    }
}
