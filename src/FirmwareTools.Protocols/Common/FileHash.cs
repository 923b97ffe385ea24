using System;
using System.IO;
using System.Security.Cryptography;

namespace FirmwareTools.Protocols
{
    /// <summary>Hex hashes as PowerShell's Get-FileHash shows them, but lower-case (the form sha256sum prints).</summary>
    public static class FileHash
    {
        public static string Sha256Of(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return Sha256Of(stream);
        }

        public static string Sha256Of(Stream stream)
        {
            using var sha = SHA256.Create();
            return Hex.Lower(sha.ComputeHash(stream));
        }

        public static string Sha256Of(byte[] data)
        {
            using var sha = SHA256.Create();
            return Hex.Lower(sha.ComputeHash(data));
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

            return t.Length == 64 && Hex.IsDigits(t) ? t.ToLowerInvariant() : null;
        }
    }
}
