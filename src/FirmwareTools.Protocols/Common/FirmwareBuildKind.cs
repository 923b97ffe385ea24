namespace FirmwareTools.Protocols
{
    /// <summary>How a firmware build relates to its version tag.</summary>
    public enum FirmwareBuildKind
    {
        /// <summary>A tagged release.</summary>
        Release,

        /// <summary>Built from the development branch before the tag (<c>-preview.N.gHASH</c>, 2023 on).</summary>
        Preview,

        /// <summary>Built after the tag (pre-2023 <c>unstable-vX.Y.Z-N-gHASH</c> names).</summary>
        Nightly,
    }
}
