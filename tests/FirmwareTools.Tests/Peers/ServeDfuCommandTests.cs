using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>`FirmwareTools.Simulators serve-dfu` serves a virtual bootloader for manual tries and stops when stdin closes.</summary>
public class ServeDfuCommandTests
{
    [Fact]
    public async Task Serve_dfu_prints_its_port_serves_the_bootloader_and_stops_when_stdin_closes()
    {
        string simulators = Path.Combine(AppContext.BaseDirectory, "FirmwareTools.Simulators.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { simulators, "serve-dfu", "--port", "0", "--time-scale", "0.001" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            Assert.StartsWith("listening 127.0.0.1:", line, StringComparison.Ordinal);
            int port = int.Parse(line["listening 127.0.0.1:".Length..], CultureInfo.InvariantCulture);

            using (var backend = new RemoteUsbBackend("127.0.0.1", port))
            {
                DfuDevice device = Assert.Single(DfuDeviceFinder.Find(backend));
                Assert.Equal(0x0483, device.VendorId);
                Assert.Equal(0xDF11, device.ProductId);
                Assert.True(device.IsDfuSe);
            }

            process.StandardInput.Close();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "serve-dfu did not stop after stdin closed");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
