using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using FirmwareTools.Tests.Esp32;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;

namespace FirmwareTools.Tests.Peers;

/// <summary>`FirmwareTools.Simulators serve-esp32` serves a virtual ESP32 ROM loader on loopback TCP until SIGTERM.</summary>
public class ServeEsp32CommandTests
{
    [Fact]
    public async Task Serve_esp32_prints_its_url_answers_as_an_esp32_rom_and_stops_on_sigterm()
    {
        string simulators = Path.Combine(AppContext.BaseDirectory, "FirmwareTools.Simulators.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { simulators, "serve-esp32", "--time-scale", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            Assert.StartsWith("listening socket://127.0.0.1:", line, StringComparison.Ordinal);
            int port = int.Parse(line["listening socket://127.0.0.1:".Length..], CultureInfo.InvariantCulture);

            // Closed stdin must not stop it (a script's `serve-esp32 &` has /dev/null there).
            process.StandardInput.Close();
            using (var client = new TcpClient())
            {
                await client.ConnectAsync("127.0.0.1", port);
                NetworkStream stream = client.GetStream();
                stream.ReadTimeout = 10_000;
                byte[] sync = RawRomLink.Slip(RawRomLink.Packet(Op.SYNC, RawRomLink.SyncPayload));

                // The served board loses the first SYNC after its reset (auto-baud), like a real ESP32.
                stream.Write([.. sync, .. sync]);
                byte[] readReg = RawRomLink.Slip(RawRomLink.Packet(Op.READ_REG, RawRomLink.Words(0x40001000)));
                byte[] expectedSync = Convert.FromHexString("c00108040007071220" + "00000000c0");
                byte[] expectedMagic = Convert.FromHexString("c0010a0400831df00000000000c0");
                List<byte> received = ReadAtLeast(stream, expectedSync.Length * 8);
                Assert.Equal(Enumerable.Repeat(expectedSync, 8).SelectMany(b => b).ToArray(), received.ToArray());
                stream.Write(readReg);
                Assert.Equal(expectedMagic, ReadAtLeast(stream, expectedMagic.Length).ToArray());
            }

            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "serve-esp32 did not stop on SIGTERM");
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

    [Fact]
    public async Task Serve_esp32_with_chip_esp32c3_answers_as_a_c3_rom()
    {
        // docs/protocols/esp32-family.md §2.2 and §6.1: the C3's magic, and GET_SECURITY_INFO's 20-byte body with chip
        // id 5 and API version 3, then the ROM's 4 status bytes.
        using Process process = StartServe("serve-esp32", "--chip", "esp32c3", "--time-scale", "0");
        try
        {
            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? string.Empty;
            Assert.StartsWith("listening socket://127.0.0.1:", line, StringComparison.Ordinal);
            int port = int.Parse(line["listening socket://127.0.0.1:".Length..], CultureInfo.InvariantCulture);
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 10_000;
            byte[] sync = RawRomLink.Slip(RawRomLink.Packet(Op.SYNC, RawRomLink.SyncPayload));
            stream.Write([.. sync, .. sync]);
            Assert.Equal(8 * 14, ReadAtLeast(stream, 8 * 14).Count);

            stream.Write(RawRomLink.Slip(RawRomLink.Packet(Op.READ_REG, RawRomLink.Words(0x40001000))));
            byte[] magic = Convert.FromHexString("c0010a04006f606143" + "00000000c0");
            Assert.Equal(magic, ReadAtLeast(stream, magic.Length).ToArray());

            stream.Write(RawRomLink.Slip(RawRomLink.Packet(Op.GET_SECURITY_INFO, [])));
            byte[] security = Convert.FromHexString("c0011418000000000000000000000000000000000005000000" + "03000000" + "00000000c0");
            Assert.Equal(security, ReadAtLeast(stream, security.Length).ToArray());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    [Fact]
    public void Serve_esp32_with_an_unknown_chip_prints_the_usage_and_exits_2()
    {
        using Process process = StartServe("serve-esp32", "--chip", "esp32p4");
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--chip esp32|esp32s2|esp32s3|esp32c3|esp32c6|esp8266", error, StringComparison.Ordinal);
    }

    private static Process StartServe(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FirmwareTools.Simulators.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static List<byte> ReadAtLeast(NetworkStream stream, int count)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < count)
        {
            int n = stream.Read(buffer, 0, Math.Min(buffer.Length, count - received.Count));
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return received;
    }
}
