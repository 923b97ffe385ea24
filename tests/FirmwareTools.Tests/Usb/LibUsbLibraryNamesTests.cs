using System.Runtime.InteropServices;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

public class LibUsbLibraryNamesTests
{
    [Fact]
    public void Linux_tries_the_runtime_soname_before_the_dev_symlink()
    {
        Assert.Equal(
            ["libusb-1.0.so.0", "libusb-1.0.so"],
            LibUsbLibraryNames.Candidates(OSPlatform.Linux, Architecture.X64, "/opt/microsoft/powershell/7/Modules/FirmwareTools"));
        Assert.Equal(["libusb-1.0.so.0", "libusb-1.0.so"], LibUsbLibraryNames.Candidates(OSPlatform.Linux, Architecture.Arm64, null));
    }

    [Fact]
    public void MacOS_tries_the_loader_path_then_both_homebrew_prefixes()
    {
        Assert.Equal(
            ["libusb-1.0.0.dylib", "/opt/homebrew/lib/libusb-1.0.0.dylib", "/usr/local/lib/libusb-1.0.0.dylib"],
            LibUsbLibraryNames.Candidates(OSPlatform.OSX, Architecture.Arm64, "/Users/me/.local/share/powershell/Modules/FirmwareTools"));
    }

    [Theory]
    [InlineData(Architecture.X64, "win-x64")]
    [InlineData(Architecture.Arm64, "win-arm64")]
    [InlineData(Architecture.X86, "win-x86")]
    public void Windows_tries_beside_the_assembly_then_the_arch_folder_then_the_search_path(Architecture arch, string folder)
    {
        string dir = Path.Combine("C:", "Modules", "FirmwareTools");
        Assert.Equal(
            [Path.Combine(dir, "libusb-1.0.dll"), Path.Combine(dir, folder, "libusb-1.0.dll"), "libusb-1.0.dll"],
            LibUsbLibraryNames.Candidates(OSPlatform.Windows, arch, dir));
    }

    [Fact]
    public void Windows_without_an_assembly_directory_uses_the_search_path_only()
    {
        Assert.Equal(["libusb-1.0.dll"], LibUsbLibraryNames.Candidates(OSPlatform.Windows, Architecture.X64, null));
    }

    [Fact]
    public void Install_hints_give_the_command_for_each_os()
    {
        Assert.Contains("sudo apt install libusb-1.0-0", LibUsbLibraryNames.InstallHint(OSPlatform.Linux), StringComparison.Ordinal);
        Assert.Contains("sudo dnf install libusb1", LibUsbLibraryNames.InstallHint(OSPlatform.Linux), StringComparison.Ordinal);
        Assert.Contains("brew install libusb", LibUsbLibraryNames.InstallHint(OSPlatform.OSX), StringComparison.Ordinal);
        Assert.Contains("libusb-1.0.dll", LibUsbLibraryNames.InstallHint(OSPlatform.Windows), StringComparison.Ordinal);
        Assert.DoesNotContain("apt", LibUsbLibraryNames.InstallHint(OSPlatform.Windows), StringComparison.Ordinal);
        // Windows PowerShell (x86) is a 32-bit process: its folder is named too, and the hint does not promise a copy the package lacks.
        Assert.Contains("win-x86", LibUsbLibraryNames.InstallHint(OSPlatform.Windows), StringComparison.Ordinal);
        Assert.Contains("does not ship it", LibUsbLibraryNames.InstallHint(OSPlatform.Windows), StringComparison.Ordinal);
    }
}
