namespace FirmwareTools.Protocols.Images
{
    /// <summary>A block with the byte offset where it sits in its file, so every complaint can say where.</summary>
    public sealed class Uf2FileBlock
    {
        internal Uf2FileBlock(Uf2Block block, long offset)
        {
            Block = block;
            Offset = offset;
        }

        public Uf2Block Block { get; }

        public long Offset { get; }

        /// <summary>0-based position of the block in the file.</summary>
        public long Index => Offset / Uf2Block.Size;
    }
}
