using System.IO;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>One regular file of a Pycom package, held in memory (the package reader bounds every size).</summary>
    public sealed class PycomPackageMember
    {
        private readonly byte[] data;

        internal PycomPackageMember(string name, byte[] data)
        {
            Name = name;
            this.data = data;
        }

        /// <summary>The entry's name in the archive, without a leading "./".</summary>
        public string Name { get; }

        public long Length => data.Length;

        /// <summary>A read-only view of the member's bytes.</summary>
        public Stream OpenRead() => new MemoryStream(data, writable: false);

        internal byte[] Data => data;

        public override string ToString() => $"{Name} ({Length} bytes)";
    }
}
