using System;
using System.IO;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Writes a file so that the name holds either the old content or the whole new content, never a part: the bytes
    /// go to a hidden temporary file in the same folder (so the final step is a rename on one volume, not a copy), are
    /// flushed to the disk, and only then replace the target. On any failure, or a cancel (Ctrl+C), the temporary file
    /// is deleted and the target is untouched.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>The ending of a temporary file while it is written (".&lt;12 hex&gt;.partial").</summary>
        public const string PartialSuffix = ".partial";

        /// <summary>A new hidden temporary path in <paramref name="folder"/>.</summary>
        public static string TemporaryPathIn(string folder) =>
            Path.Combine(folder, "." + Guid.NewGuid().ToString("N").Substring(0, 12) + PartialSuffix);

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="target"/>. When the target exists and
        /// <paramref name="overwrite"/> is false, <paramref name="exists"/> makes the exception to throw (nothing is written).
        /// </summary>
        public static void Write(string target, byte[] content, bool overwrite, Func<string, Exception> exists)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            string full = Path.GetFullPath(target);
            if (!overwrite && File.Exists(full))
            {
                throw exists(full);
            }

            string temp = TemporaryPathIn(Path.GetDirectoryName(full) ?? ".");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }

                Commit(temp, full);
            }
            finally
            {
                TryDelete(temp);
            }
        }

        /// <summary>
        /// Puts a complete, flushed temporary file in place of <paramref name="target"/>: File.Replace when the target
        /// exists (one rename, never a moment without the file), File.Move when it does not.
        /// </summary>
        public static void Commit(string temp, string target)
        {
            if (File.Exists(target))
            {
                File.Replace(temp, target, null);
            }
            else
            {
                File.Move(temp, target);
            }
        }

        /// <summary>Deletes a temporary file if it is there; a failure to delete is not the caller's error.</summary>
        public static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
