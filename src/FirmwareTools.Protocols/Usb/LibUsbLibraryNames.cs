using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// Where libusb-1.0 is looked for, by its real file names. Linux and macOS use the system's copy
    /// (distribution package, Homebrew); on Windows the user puts it beside the assembly or in the
    /// <c>win-&lt;arch&gt;</c> folder PowerShell's own native-library probing uses (PowerShell's CorePsAssemblyLoadContext.NativeDllHandler loads a native library from the os-arch folder beside the assembly that asks for it), found by full path
    /// with LoadLibrary on both .NET and .NET Framework (no NativeLibrary API there).
    /// </summary>
    public static class LibUsbLibraryNames
    {
        /// <summary>The file names to try, in order, for <paramref name="os"/> and <paramref name="architecture"/>.</summary>
        public static IReadOnlyList<string> Candidates(OSPlatform os, Architecture architecture, string? assemblyDirectory)
        {
            if (os == OSPlatform.Windows)
            {
                var names = new List<string>();
                if (!string.IsNullOrEmpty(assemblyDirectory))
                {
                    names.Add(Path.Combine(assemblyDirectory, "libusb-1.0.dll"));
                    names.Add(Path.Combine(assemblyDirectory, "win-" + ArchitectureName(architecture), "libusb-1.0.dll"));
                }

                names.Add("libusb-1.0.dll");
                return names;
            }

            if (os == OSPlatform.OSX)
            {
                return new[] { "libusb-1.0.0.dylib", "/opt/homebrew/lib/libusb-1.0.0.dylib", "/usr/local/lib/libusb-1.0.0.dylib" };
            }

            // Linux and other Unix systems: the runtime package's soname first; the bare .so only exists with the -dev package.
            return new[] { "libusb-1.0.so.0", "libusb-1.0.so" };
        }

        /// <summary>How a user installs libusb-1.0 on <paramref name="os"/>.</summary>
        public static string InstallHint(OSPlatform os)
        {
            if (os == OSPlatform.Windows)
            {
                return "Put libusb-1.0.dll (from https://libusb.info, the build for this process's architecture: 64-bit, 32-bit for Windows PowerShell (x86), or ARM64) " +
                       "beside FirmwareTools.dll or in its win-x64, win-x86 or win-arm64 folder; the FirmwareTools package does not ship it.";
            }

            if (os == OSPlatform.OSX)
            {
                return "Install libusb with Homebrew: brew install libusb";
            }

            return "Install libusb-1.0: sudo apt install libusb-1.0-0 (Debian, Ubuntu, Raspberry Pi OS) or sudo dnf install libusb1 (Fedora, RHEL).";
        }

        /// <summary>The running OS as one of the three the candidate lists know (anything else is treated like Linux).</summary>
        public static OSPlatform CurrentPlatform =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
            : OSPlatform.Linux;

        /// <summary>PowerShell's RID spelling of an architecture (x64, x86, arm64, arm).</summary>
        internal static string ArchitectureName(Architecture architecture) => architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            _ => architecture.ToString().ToLowerInvariant(),
        };
    }
}
