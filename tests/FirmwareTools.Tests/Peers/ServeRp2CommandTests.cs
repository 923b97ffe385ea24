using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// `FirmwareTools.Simulators serve-rp2` serves a virtual Pico for manual tries and scripts: the module's own operation
/// writes it over the bridge, the bridge then shows the MicroPython device it rebooted into, and SIGTERM stops it cleanly.
/// </summary>
public class ServeRp2CommandTests
{
    [Theory]
    [InlineData("rp2040")]
    [InlineData("rp2350")]
    public async Task Serve_rp2_is_written_over_the_bridge_reboots_into_micropython_and_stops_on_SIGTERM(string chipName)
    {
        Rp2Chip chip = chipName == "rp2040" ? Rp2Chip.Rp2040 : Rp2Chip.Rp2350;
        string simulators = Path.Combine(AppContext.BaseDirectory, "FirmwareTools.Simulators.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { simulators, "serve-rp2", "--chip", chipName, "--port", "0", "--time-scale", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        string folder = Directory.CreateTempSubdirectory("serve-rp2-").FullName;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            Assert.StartsWith("listening 127.0.0.1:", line, StringComparison.Ordinal);
            int port = int.Parse(line["listening 127.0.0.1:".Length..], CultureInfo.InvariantCulture);
            string file = Path.Combine(folder, "fw.uf2");
            File.WriteAllBytes(file, Rp2FirmwareImages.Uf2(chip, 30_000));

            using (var backend = new RemoteUsbBackend("127.0.0.1", port))
            {
                Rp2Device device = Assert.Single(Rp2DeviceFinder.Find(backend, drives: _ => []));
                Assert.Equal(chip, device.Chip);
                Rp2InstallResult result = Rp2Installer.Install(Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file }), backend);
                Assert.True(result.Verified);
            }

            // Time scale 0: the 500 ms reboot delay is nothing, so the board has already re-enumerated: a new connection
            // to the bridge sees what it booted into, MicroPython (2E8A:0005), and no board in BOOTSEL.
            using (var backend = new RemoteUsbBackend("127.0.0.1", port))
            {
                Assert.Equal(1, Rp2DeviceFinder.CountRunningBoards(backend));
                Assert.Empty(Rp2DeviceFinder.Find(backend, drives: _ => []));
            }

            ProcessSignals.Terminate(process);
            string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("stopping on SIGTERM", rest.Trim());
            Assert.True(process.ExitCode == 0, $"serve-rp2 exited with {process.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
