using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Plain DFU files: the firmware bytes followed by a DFU suffix with bcdDFU 0x0100 (DFU 1.1 appendix B). They carry
    /// no address, so they are flashed like a raw image. Reading goes through <see cref="FirmwareImageFile.Read(string, bool)"/>.
    /// </summary>
    public static class DfuFile
    {
        /// <summary>
        /// <paramref name="payload"/> with a suffix appended. The ids default to the wildcard 0xFFFF, which
        /// <c>dfu-suffix -a</c> also writes when it is given none.
        /// </summary>
        public static byte[] Write(byte[] payload, ushort vendorId = DfuSuffix.Wildcard, ushort productId = DfuSuffix.Wildcard,
                                   ushort bcdDevice = DfuSuffix.Wildcard)
        {
            if (payload is null)
            {
                throw new ArgumentNullException(nameof(payload));
            }

            if (payload.Length == 0)
            {
                throw new ArgumentException("A DFU file needs at least one byte of firmware.", nameof(payload));
            }

            return new DfuSuffix(bcdDevice, productId, vendorId, DfuSuffix.BcdDfuPlain).AppendTo(payload);
        }
    }
}
