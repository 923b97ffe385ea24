namespace FirmwareTools.Protocols.Images
{
    /// <summary>What <see cref="Esp32HeaderPatcher"/> did to one file's bytes: the bytes to write and why they are what they are.</summary>
    public sealed class Esp32HeaderPatch
    {
        internal Esp32HeaderPatch(byte[] data, bool patched, ushort before, ushort after, bool digestRecomputed, string? note)
        {
            Data = data;
            Patched = patched;
            Before = before;
            After = after;
            DigestRecomputed = digestRecomputed;
            Note = note;
        }

        /// <summary>The bytes to write: a patched copy, or the input itself when nothing changed.</summary>
        public byte[] Data { get; }

        public bool Patched { get; }

        /// <summary>Header bytes 2-3 before, as esptool prints them ("Flash params set to 0x022f" is 0x022F).</summary>
        public ushort Before { get; }

        public ushort After { get; }

        /// <summary>True when the image carries an appended SHA-256 and it was computed again over the patched image.</summary>
        public bool DigestRecomputed { get; }

        /// <summary>Why the header was left alone (not the bootloader offset, not a valid image), or a warning; null otherwise.</summary>
        public string? Note { get; }
    }
}
