using System.Globalization;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>SPI_FLASH_MD5 of a written region differs from the file: the flash does not hold what was sent.</summary>
    public sealed class Esp32VerifyException : FirmwareToolsException
    {
        public Esp32VerifyException(string port, uint offset, long size, string expectedMd5, string actualMd5, string? file)
            : base(string.Format(CultureInfo.InvariantCulture,
                       "Verification failed on {0}: the flash at 0x{1:X} ({2} bytes{3}) has MD5 {4}, the data sent has {5}.",
                       port, offset, size, file is null ? string.Empty : " from '" + file + "'", actualMd5, expectedMd5),
                   port,
                   "The board does not hold the firmware: check its power supply and the flash write protection (GPIO12 must be low on 3.3 V flash), then flash again; do not rely on the board until a flash verifies.",
                   null)
        {
            Offset = offset;
            Size = size;
            ExpectedMd5 = expectedMd5;
            ActualMd5 = actualMd5;
        }

        public uint Offset { get; }

        public long Size { get; }

        public string ExpectedMd5 { get; }

        public string ActualMd5 { get; }

        public override string ErrorId => "Esp32Md5Mismatch";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ChecksumMismatch;
    }
}
