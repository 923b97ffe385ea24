using System;
using System.IO;
using System.Reflection;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Symbolic links of sysfs, /dev and /proc/PID/fd, read through FileSystemInfo.LinkTarget and ResolveLinkTarget:
    /// .NET 6+ APIs that every PowerShell running on Linux or macOS has, found by name because this assembly targets
    /// netstandard2.0. Where they are missing (Windows PowerShell 5.1, which has no such links anyway) a path is its own target.
    /// </summary>
    internal static class FileLinks
    {
        private static readonly PropertyInfo? LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");
        private static readonly MethodInfo? ResolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

        /// <summary>The full path <paramref name="path"/> finally points at, following every link; the full path itself when it is no link.</summary>
        public static string Resolve(string path)
        {
            var info = new FileInfo(path);
            try
            {
                return ResolveLinkTarget?.Invoke(info, new object[] { true }) is FileSystemInfo target ? target.FullName : info.FullName;
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return info.FullName;
            }
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
