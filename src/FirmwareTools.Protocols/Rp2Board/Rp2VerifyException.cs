namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Flash read back over PICOBOOT differs from what was written: never success. The board stays in BOOTSEL.</summary>
    public sealed class Rp2VerifyException : FirmwareToolsException
    {
        public Rp2VerifyException(string device, uint address, byte expected, byte actual)
            : base($"Verification failed on {device}: the byte at 0x{address:X8} reads 0x{actual:X2}, 0x{expected:X2} was written. The board was not rebooted and stays in BOOTSEL mode.",
                   device, "Run Install-Rp2Firmware again; if the same address fails, the flash chip is worn or damaged.", null)
        {
            Address = address;
        }

        public uint Address { get; }

        public override string ErrorId => "Rp2VerifyFailed";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ChecksumMismatch;
    }
}
