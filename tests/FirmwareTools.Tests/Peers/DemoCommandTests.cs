using System.Diagnostics;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>README's first command ends in `FirmwareTools.Simulators demo`: it must flash the virtual pyboard and say so.</summary>
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_flashes_the_virtual_pyboard_keeps_its_files_and_exits_zero()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "FirmwareTools.Simulators.dll"), "demo", "--time-scale", "0.001" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("demo did not finish in 60 s");
        }

        string text = await output;
        Assert.True(process.ExitCode == 0, $"demo exited {process.ExitCode}: {text}{await errors}");
        Assert.Contains("Get-DfuDevice            0483:df11 3061B4493536 at 1-1.4: Internal Flash, 1 MiB", text, StringComparison.Ordinal);
        Assert.Contains("erases F405 sectors 0,5,6,7 (filesystem kept)", text, StringComparison.Ordinal);
        Assert.Contains("Backup-PyboardFirmware   pyboard-backup.bin: 1048576 bytes from 0x08000000", text, StringComparison.Ordinal);
        Assert.Contains("sectors 0,5,6,7 erased once each, verified: True, left DFU mode: True", text, StringComparison.Ordinal);
        Assert.Contains("Get-DeviceVersion        /dev/ttyACM0: PYBv1.1 with STM32F405RG, MicroPython v1.22.2 built 2024-02-22 (from OsUname)", text, StringComparison.Ordinal);
        Assert.Contains("re-enumerated as f055:9800 (MicroPython) at 1-1.4; filesystem sectors 1-4 114688 bytes unchanged", text, StringComparison.Ordinal);
    }
}
