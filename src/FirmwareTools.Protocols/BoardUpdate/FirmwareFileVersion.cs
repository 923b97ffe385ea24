using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The MicroPython version a firmware file holds, for -Path: from its micropython.org name, else from the banner
    /// literal every image carries (docs/protocols/board-update.md §6: <c>MicroPython vX.Y.Z[-preview.N.gHASH] on
    /// DATE</c>), searched in the file's bytes and, for a UF2, in its payloads put back in order.
    /// </summary>
    public static class FirmwareFileVersion
    {
        private static readonly Regex Banner = new Regex(@"MicroPython (v\d+\.\d+(?:\.\d+)?(?:-preview\.\d+\.g[0-9a-f]+)?(?:\.dirty)?) on \d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant);

        public static FirmwareVersion Read(string path)
        {
            if (MicroPythonFirmwareName.TryParse(System.IO.Path.GetFileName(path)) is MicroPythonFirmwareName name)
            {
                return name.Version;
            }

            return FromBanner(path) ?? throw BoardUpdateErrors.FirmwareVersionUnknown(path);
        }

        /// <summary>The version in the image's banner literal, or null.</summary>
        public static FirmwareVersion? FromBanner(string path)
        {
            byte[] bytes = FirmwareImageFile.ReadBytes(path, path);
            byte[] content = Uf2File.StartsLikeUf2(bytes) ? Uf2Payloads(bytes) : bytes;
            Match m = Banner.Match(Encoding.GetEncoding("ISO-8859-1").GetString(content));
            return m.Success && FirmwareVersion.TryParse(m.Groups[1].Value, out FirmwareVersion? v) ? v : null;
        }

        // UF2 (docs/protocols/rp2-uf2-picoboot.md): 512-byte blocks, target address at 12, payload length at 16, payload at 32.
        private static byte[] Uf2Payloads(byte[] bytes)
        {
            var blocks = new SortedDictionary<uint, byte[]>();
            for (int at = 0; at + 512 <= bytes.Length; at += 512)
            {
                uint address = LittleEndian.ReadUInt32(bytes, at + 12);
                int length = (int)Math.Min(476u, LittleEndian.ReadUInt32(bytes, at + 16));
                var payload = new byte[length];
                Array.Copy(bytes, at + 32, payload, 0, length);
                blocks[address] = payload;
            }

            using var all = new MemoryStream();
            foreach (byte[] payload in blocks.Values)
            {
                all.Write(payload, 0, payload.Length);
            }

            return all.ToArray();
        }
    }
}
