namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// What the DfuSe prefix's DFUImageSize field counts. UM0391 says "the total file length", and writers read that
    /// two ways (docs/protocols/dfu-dfuse.md §5.2); dfu-util and pydfu ignore the field, so a value matching neither is only worth a warning.
    /// </summary>
    public enum DfuImageSizeConvention
    {
        /// <summary>The file length without the DFU suffix: MicroPython's tools/dfu.py and older dfuse-pack.</summary>
        ExcludesSuffix,

        /// <summary>The whole file length, suffix included: dfuse-pack since 2020.</summary>
        IncludesSuffix,

        /// <summary>Neither of the above (read only; the writer never produces it).</summary>
        Unrecognized,
    }
}
