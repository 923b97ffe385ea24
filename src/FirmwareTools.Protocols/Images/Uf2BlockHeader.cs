namespace FirmwareTools.Protocols.Images
{
    /// <summary>The fields of a UF2 block header after the magics (payload size aside, which is the payload's length).</summary>
    public sealed class Uf2BlockHeader
    {
        public Uf2Flags Flags { get; set; } = Uf2Flags.FamilyIdPresent;

        public uint TargetAddress { get; set; }

        public uint BlockNumber { get; set; }

        public uint BlockCount { get; set; }

        /// <summary>The family id (with <see cref="Uf2Flags.FamilyIdPresent"/>), else the file size or zero.</summary>
        public uint FamilyIdOrFileSize { get; set; }
    }
}
