using System.Diagnostics;
using System.Text.RegularExpressions;
using FirmwareTools.Testing;
using FirmwareTools.Tests.Contract;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// README's first command ends in `FirmwareTools.Simulators demo`: it must run the real cmdlets in the PowerShell
/// engine against the virtual pyboard, print PowerShell's own rendering of each result, and say it succeeded.
/// The demo runs from the simulators' own build output (as `dotnet run --project` does): this project's folder
/// holds PowerShellStandard's stub engine, the simulators' holds the real one.
/// </summary>
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_runs_the_real_cmdlets_flashes_the_virtual_pyboard_and_esp32_keeps_the_files_and_exits_zero()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string simulators = Path.Combine(RepoPaths.Root, "tests", "FirmwareTools.Simulators", "bin", configuration, "net10.0", "FirmwareTools.Simulators.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { simulators, "demo", "--time-scale", "0.001" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("demo did not finish in 120 s");
        }

        string text = (await output).Replace("\r\n", "\n", StringComparison.Ordinal);
        string progress = await errors;
        Assert.True(process.ExitCode == 0, $"demo exited {process.ExitCode}: {text}{progress}");

        // The commands as README shows them, each followed by the engine's own default view of its output.
        Assert.Matches(@"(?m)^PS> Get-DfuDevice\n+Id +Mode +SerialNumber +DFU +Target +Size +Path\n[- ]+\n0483:df11 Dfu +3061B4493536 +1\.1a +Internal Flash +1024 KiB 127\.0\.0\.1:\d+$", text);
        Assert.Matches(@"(?m)^PS> Get-FirmwareInfo -Path ./PYBV11-demo.dfu\n+Path +: .*PYBV11-demo\.dfu\nFormat +: DfuSe\nIsValid +: True$", text);
        Assert.Matches(@"(?m)^F405 sectors erased : 0, 5, 6, 7$", text);
        Assert.Matches(@"(?m)^PS> Get-DfuDevice \| Backup-PyboardFirmware -Path ./pyboard-backup.bin\n+DeviceSerial +Address +Length +Sha256 +Path\n[- ]+\n3061B4493536 +0x08000000 +1048576 [0-9a-f]{11}… \./pyboard-backup\.bin$", text);
        Assert.Matches(@"(?m)^PS> Get-DfuDevice \| Install-PyboardFirmware -Path ./PYBV11-demo.dfu -Verify -Confirm:\$false\n+SerialNumber +Written +Erased +Verified +Restarted +Firmware\n[- ]+\n3061B4493536 +389632 0,5-7 +True +True +PYBV11-demo\.dfu$", text);
        Assert.Contains("After: the board re-enumerated as f055:9800 (MicroPython) at 1-1.4; filesystem sectors 1-4 114688 bytes unchanged.", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^PS> Install-Esp32Firmware -Port rfc2217://127\.0\.0\.1:\d+ -Path ./ESP32_GENERIC-demo\.bin -Confirm:\$false\n+Chip +Mac +Flash +Verified +Port\n[- ]+\nESP32-D0WDQ6 v0\.0 30:ae:a4:00:86:68  4 MB True     rfc2217://127\.0\.0\.1:\d+$", text);
        Assert.Contains("After: flash at 0x1000 holds the 159744 bytes of ESP32_GENERIC-demo.bin exactly; the board was hard-reset and runs the application (RUN_APP).", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^PS> Install-Esp32Firmware -Port rfc2217://127\.0\.0\.1:\d+ -Path ./ESP32_GENERIC_S3-demo\.bin -Connection UsbSerialJtag -Confirm:\$false\n+Chip +Mac +Flash +Verified +Port\n[- ]+\nESP32-S3 \(QFN56\)… 60:55:f9:01:02:03  4 MB True     rfc2217://127\.0\.0\.1:\d+$", text);
        Assert.Contains("After: flash at 0x0 holds the 98304 bytes of ESP32_GENERIC_S3-demo.bin exactly; the RTC watchdog was disabled and fired 0 time(s); the board runs the application (RUN_APP).", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^PS> Get-DeviceVersion -Port socket://127\.0\.0\.1:\d+\n+Board +MCU +Version +Built +Port\n[- ]+\nPYBv1\.1 +STM32F405RG +v1\.22\.2 +2024-02-22 socket://127\.0\.0\.1:\d+$", text);
        Assert.Contains("After: the board ran 1 query script(s), is back at its friendly REPL and was not reset.", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^PS> Install-Rp2Firmware -Path ./RPI_PICO2-demo\.uf2 -Board RPI_PICO2 -Confirm:\$false\n+Location +Chip +Method +Written +Verified +Firmware\n[- ]+\n127\.0\.0\.1:\d+ +RP2350 Picoboot +307200 read back RPI_PICO2-demo\.uf2$", text);
        Assert.Contains("After: flash holds the 307200 bytes of RPI_PICO2-demo.uf2 exactly; the board rebooted as 2e8a:0005 (MicroPython); filesystem 3145728 bytes unchanged.", text, StringComparison.Ordinal);
        Assert.Contains("Demo finished: every step succeeded.", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("\x1b\\["), text);

        // Progress goes to the console's error stream, one bar per phase, each ending at 100%.
        foreach (string phase in new[] { "Erase", "Write", "Verify" })
        {
            Assert.Matches($@"\[#{{30}}\] 100% {phase} 0483:df11 3061B4493536", progress);
        }

        Assert.Matches(@"\[#{30}\] 100% Write rfc2217://127\.0\.0\.1:\d+", progress);

        // Issue 16, item 10: a bar wider than the 80-column console wraps, and "\r" then redraws only its last part.
        Assert.All(progress.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'), line => Assert.True(line.Length < 80, line));
    }
}
