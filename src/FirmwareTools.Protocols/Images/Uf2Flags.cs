using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>The flags word of a UF2 block (offset 8), as the UF2 specification names them.</summary>
    [Flags]
    public enum Uf2Flags : uint
    {
        None = 0,

        /// <summary>Not for main flash (comments, sources): the RP boot ROMs skip the whole block.</summary>
        NotMainFlash = 0x00000001,

        /// <summary>A file container block (file size and name after the payload): never firmware.</summary>
        FileContainer = 0x00001000,

        /// <summary>Offset 28 holds a family id; the RP boot ROMs act only on blocks that have it.</summary>
        FamilyIdPresent = 0x00002000,

        /// <summary>The last 24 data bytes hold address, length and MD5 (ESP32 only).</summary>
        Md5ChecksumPresent = 0x00004000,

        /// <summary>Extension tags follow the payload, 4-aligned.</summary>
        ExtensionTagsPresent = 0x00008000,
    }
}
