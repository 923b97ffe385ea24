using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>What was read back differs from what was written.</summary>
    public sealed class DfuSeVerifyException : FirmwareToolsException
    {
        public DfuSeVerifyException(uint address, byte expected, byte actual, string? device)
            : base($"Verify failed on {device}: the byte at 0x{address.ToString("X8", CultureInfo.InvariantCulture)} reads 0x{actual.ToString("X2", CultureInfo.InvariantCulture)} " +
                   $"but 0x{expected.ToString("X2", CultureInfo.InvariantCulture)} was written. The firmware on the board is not what was flashed.",
                   device,
                   "Flash the board again; if the same address fails again, the flash may be worn or write-protected (check the option bytes).",
                   null)
        {
            Address = address;
            Expected = expected;
            Actual = actual;
        }

        /// <summary>The first differing address.</summary>
        public uint Address { get; }

        public byte Expected { get; }

        public byte Actual { get; }

        public override string ErrorId => "DfuVerifyFailed";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ChecksumMismatch;
    }
}
