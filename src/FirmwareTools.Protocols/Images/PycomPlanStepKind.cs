namespace FirmwareTools.Protocols.Images
{
    public enum PycomPlanStepKind
    {
        /// <summary>Erase the range (ERASE_REGION with the stub; FLASH_BEGIN's erase in the ROM). Offset and length are 4 KiB aligned.</summary>
        Erase,

        /// <summary>Write the step's bytes at its offset (4 KiB aligned; the bytes are already padded to a multiple of 4 with 0xFF).</summary>
        Write,
    }
}
