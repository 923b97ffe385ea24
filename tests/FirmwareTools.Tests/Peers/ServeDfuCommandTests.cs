using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// `FirmwareTools.Simulators serve-dfu` serves a virtual bootloader for manual tries and scripts: it keeps serving
/// with its standard input closed (as `serve-dfu &amp;` runs in a script) and stops cleanly on SIGTERM.
/// </summary>
public class ServeDfuCommandTests
{
    [Fact]
    public async Task Serve_dfu_keeps_serving_with_stdin_closed_and_exits_cleanly_on_SIGTERM()
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
            // A background job's stdin is /dev/null: closed before the server has even started.
            process.StandardInput.Close();
            Task<string> stderr = process.StandardError.ReadToEndAsync();

            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            Assert.StartsWith("listening 127.0.0.1:", line, StringComparison.Ordinal);
            int port = int.Parse(line["listening 127.0.0.1:".Length..], CultureInfo.InvariantCulture);

            // Two separate connections: the second proves it still serves after the first client has gone.
            for (int connection = 0; connection < 2; connection++)
            {
                using var backend = new RemoteUsbBackend("127.0.0.1", port);
                DfuDevice device = Assert.Single(DfuDeviceFinder.Find(backend));
                Assert.Equal(0x0483, device.VendorId);
                Assert.Equal(0xDF11, device.ProductId);
                Assert.True(device.IsDfuSe);
            }

            Assert.False(process.HasExited, "serve-dfu stopped although no stop signal was sent");

            ProcessSignals.Terminate(process);
            string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("stopping on SIGTERM", rest.Trim());
            Assert.True(process.ExitCode == 0, $"serve-dfu exited with {process.ExitCode}: {await stderr}");
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
