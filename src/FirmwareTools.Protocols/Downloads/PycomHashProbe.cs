using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// Finds out what Pycom's service <c>hash</c> is the SHA-1 of: the tarball itself or one of its members.
    /// Only reported, so that one real download settles <see cref="PycomFirmwareSource.ServiceHashIsTarballSha1"/>.
    /// </summary>
    public static class PycomHashProbe
    {
        /// <summary>Member names (in archive order) whose SHA-1 equals <paramref name="hash"/>; empty when none does or the file is not a tar.gz.</summary>
        public static IReadOnlyList<string> MembersWithSha1(string tarballPath, string hash)
        {
            var matches = new List<string>();
            try
            {
                using FileStream file = File.OpenRead(tarballPath);
                using var gzip = new GZipInputStream(file);
                using var tar = new TarInputStream(gzip, System.Text.Encoding.UTF8);
                TarEntry? entry;
                while ((entry = tar.GetNextEntry()) != null)
                {
                    if (entry.IsDirectory)
                    {
                        continue;
                    }

                    using var sha1 = SHA1.Create();
                    using var member = new MemoryStream();
                    tar.CopyEntryContents(member);
                    member.Position = 0;
                    if (string.Equals(Hex.Lower(sha1.ComputeHash(member)), hash, StringComparison.OrdinalIgnoreCase))
                    {
                        matches.Add(entry.Name);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is ICSharpCode.SharpZipLib.SharpZipBaseException)
            {
                // Not a readable tar.gz: nothing to report beyond "no member matches".
            }

            return matches;
        }
    }
}
