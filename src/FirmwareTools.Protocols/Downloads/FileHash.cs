using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>Hex hashes as PowerShell's Get-FileHash shows them, but lower-case (the form sha256sum prints).</summary>
    public static class FileHash
    {
        public static string Sha256Of(string path)
        {
            using FileStream stream = File.OpenRead(path);
            using var sha = SHA256.Create();
            return ToHex(sha.ComputeHash(stream));
        }

        public static string ToHex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                text.Append("0123456789abcdef"[b >> 4]).Append("0123456789abcdef"[b & 0xF]);
            }

            return text.ToString();
        }

        /// <summary>Accepts 64 hex digits in either case (optionally "sha256:"-prefixed) and returns them lower-case; null when not a SHA-256.</summary>
        public static string? NormalizeSha256(string? text)
        {
            if (text is null)
            {
                return null;
            }

            string t = text.Trim();
            if (t.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
            {
                t = t.Substring(7);
            }

            if (t.Length != 64)
            {
                return null;
            }

            foreach (char c in t)
            {
                if (!Uri.IsHexDigit(c))
                {
                    return null;
                }
            }

            return t.ToLowerInvariant();
        }
    }
}
