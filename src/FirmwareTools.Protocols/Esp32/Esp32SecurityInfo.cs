using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// GET_SECURITY_INFO's reply (docs/protocols/esp32-family.md §2.2): flags u32, flash_crypt_cnt u8, key purposes 7×u8,
    /// and, except on the ESP32-S2 (12-byte body), chip id u32 and API version u32 (20-byte body); then the ROM's status.
    /// </summary>
    public sealed class Esp32SecurityInfo
    {
        /// <summary>The ESP32-S2's body: no chip id.</summary>
        public const int ShortBodyLength = 12;

        /// <summary>The later chips' body, with chip id and API version.</summary>
        public const int BodyLength = 20;

        /// <summary>flags bit 2: SECURE_DOWNLOAD_ENABLE (register reads are refused).</summary>
        public const uint SecureDownloadEnable = 1u << 2;

        private Esp32SecurityInfo(uint flags, int? chipId, uint apiVersion)
        {
            Flags = flags;
            ChipId = chipId;
            ApiVersion = apiVersion;
        }

        public uint Flags { get; }

        /// <summary>The chip id; null for the 12-byte body of the ESP32-S2.</summary>
        public int? ChipId { get; }

        public uint ApiVersion { get; }

        public bool SecureDownloadMode => (Flags & SecureDownloadEnable) != 0;

        /// <summary>
        /// Reads a reply whose status sits after a 20- or a 12-byte body (esptool asks for 20 and then for 12, §2.2; the
        /// reply's own length tells which). Null when the ROM refused the command (the ESP32 answers <c>01 05</c>).
        /// </summary>
        public static Esp32SecurityInfo? Parse(Esp32Response reply)
        {
            if (reply is null)
            {
                throw new ArgumentNullException(nameof(reply));
            }

            byte[] data = reply.Data;
            int body = data.Length >= BodyLength + 2 ? BodyLength : data.Length >= ShortBodyLength + 2 ? ShortBodyLength : 0;
            (byte status, _) = reply.StatusFor(body);
            if (body == 0 || status != 0)
            {
                return null;
            }

            uint flags = LittleEndian.ReadUInt32(data, 0);
            return body == BodyLength
                ? new Esp32SecurityInfo(flags, (int)LittleEndian.ReadUInt32(data, 12), LittleEndian.ReadUInt32(data, 16))
                : new Esp32SecurityInfo(flags, null, 0);
        }
    }
}
