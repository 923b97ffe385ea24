using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Symbolic links of sysfs, /dev and /proc/PID/fd, read through FileSystemInfo.LinkTarget: a .NET 6+ API that every
    /// PowerShell running on Linux or macOS has, found by name because this assembly targets netstandard2.0. Where they are missing (Windows PowerShell 5.1, which has no such links anyway) a path is its own target.
    /// </summary>
    internal static class FileLinks
    {
        private static readonly PropertyInfo? LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>
        /// The full path <paramref name="path"/> finally points at, as realpath(3) gives it: every component that is a link
        /// is replaced by its target, read relative to the directory it is in after that directory's own links are followed.
        /// (ResolveLinkTarget alone reads "/sys/class/tty/ttyS0/device -> ../../../00:00:0.0" against the unresolved
        /// "/sys/class/tty/ttyS0", itself a link, and lands in /sys.) On Windows a path is its own target.
        /// </summary>
        public static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
            if (Path.DirectorySeparatorChar != '/')
            {
                return full;
            }

            var pending = new List<string>(full.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));
            string current = "/";
            int links = 0;
            while (pending.Count > 0)
            {
                string part = pending[0];
                pending.RemoveAt(0);
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? "/";
                    continue;
                }

                string next = Path.Combine(current, part);

                // 40 links at most, as the kernel allows: a loop of links ends here instead of spinning.
                if (Target(next) is string target && links++ < 40)
                {
                    current = target.StartsWith("/", StringComparison.Ordinal) ? "/" : current;
                    pending.InsertRange(0, target.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));
                }
                else
                {
                    current = next;
                }
            }

            return current;
        }

        /// <summary>What the link <paramref name="path"/> says (/proc/PID/fd/3 says /dev/ttyUSB0); null when it is no link or cannot be read.</summary>
        public static string? Target(string path)
        {
            try
            {
                return LinkTarget?.GetValue(new FileInfo(path)) as string;
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
