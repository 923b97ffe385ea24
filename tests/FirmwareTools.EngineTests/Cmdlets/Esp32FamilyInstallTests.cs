using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Http;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Install-Esp32Firmware for the ESP32-S2, S3, C3 and C6 in the real engine (docs/protocols/esp32-family.md), against
/// the virtual later chips served on loopback as socket:// (the board waits in its ROM loader): README's workflow
/// Save-Firmware | Install-Esp32Firmware puts a merged .bin at its chip's bootloader offset without an offset from the
/// user; an ESP32 .bin given to an S3 and an ESP8266 are refused with their ErrorIds and nothing written.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Esp32FamilyInstallTests : IDisposable
{
    private readonly PowerShellSession ps = new();
    private readonly List<VirtualEsp32Server> servers = [];

    public void Dispose()
    {
        ps.Dispose();
        foreach (VirtualEsp32Server server in servers)
        {
            server.Dispose();
            server.Board.Dispose();
        }
    }

    private VirtualEsp32Server Serve(VirtualEsp32ChipKind chip)
    {
        var server = new VirtualEsp32Server(new VirtualEsp32Board(VirtualEsp32Settings.ForChip(chip, VirtualEsp32Server.ServedSettings(timeScale: 0))), SerialTcpServerMode.Raw);
        servers.Add(server);
        ps.SetVariable("url", server.Url);
        return server;
    }

    /// <summary>A merged .bin for <paramref name="chipId"/>: Esp32InstallTests' image with the header's chip id (bytes 12-13) set.</summary>
    private static byte[] Firmware(int chipId, int seed)
    {
        byte[] image = Esp32InstallTests.Image(64 * 1024 - 0x1000, seed, trailer: 0x1000);
        image[12] = (byte)chipId;
        return image;
    }

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, 2, "ESP32_GENERIC_S2", "ESP32-S2 (revision v1.0)", 0x1000u)]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, 9, "ESP32_GENERIC_S3", "ESP32-S3 (QFN56) (revision v0.2)", 0x0u)]
    [InlineData(VirtualEsp32ChipKind.Esp32C3, 5, "ESP32_GENERIC_C3", "ESP32-C3 (QFN32) (revision v0.4)", 0x0u)]
    [InlineData(VirtualEsp32ChipKind.Esp32C6, 13, "ESP32_GENERIC_C6", "ESP32-C6 (QFN40) (revision v0.1)", 0x0u)]
    public void Save_Firmware_piped_to_Install_Esp32Firmware_puts_the_bin_at_its_chips_offset(VirtualEsp32ChipKind chip, int chipId, string board, string description, uint offset)
    {
        VirtualEsp32Server server = Serve(chip);
        byte[] firmware = Firmware(chipId, seed: chipId + 3);
        string name = $"{board}-20250415-v1.25.0.bin";
        using var web = new LoopbackHttpServer();
        web.Map("/resources/firmware/" + name, ctx => LoopbackHttpServer.Bytes(ctx, firmware));
        ps.SetVariable("uri", new Uri(web.Root, "/resources/firmware/" + name));

        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -DestinationPath ./dl | Install-Esp32Firmware -Port $url -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(description, result.Chip);
        Assert.Equal("60:55:f9:01:02:03", result.Mac);
        Esp32RegionResult region = Assert.Single(result.Regions);
        Assert.Equal(offset, region.Offset);
        Assert.True(result.Verified);
        Assert.Equal(firmware, server.Board.Flash.Contents.AsSpan((int)offset, firmware.Length).ToArray());
    }

    [Fact]
    public void An_esp32_bin_on_an_s3_is_refused_as_a_chip_mismatch_and_nothing_is_written()
    {
        VirtualEsp32Server server = Serve(VirtualEsp32ChipKind.Esp32S3);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"), Firmware(0, seed: 1));
        byte[] before = server.Board.Flash.Contents.ToArray();

        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.StartsWith("Esp32ChipMismatch,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("is firmware for ESP32, but the board on " + server.Url + " is an ESP32-S3 (QFN56) (revision v0.2)", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ESP32_GENERIC_S3", error.ErrorDetails?.RecommendedAction ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(before, server.Board.Flash.Contents);
    }

    [Fact]
    public void An_s3_image_given_for_0x1000_is_refused_before_the_port_is_opened()
    {
        VirtualEsp32Server server = Serve(VirtualEsp32ChipKind.Esp32S3);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "s3.bin"), Firmware(9, seed: 2));

        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Image @{ 0x1000 = './s3.bin' } -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.StartsWith("Esp32ImageMisplaced,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("whose bootloader goes at 0x0, not at 0x1000", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, server.ClientsAccepted);
    }

    [Fact]
    public void An_esp8266_is_refused_naming_what_was_found_and_what_to_use()
    {
        VirtualEsp32Server server = Serve(VirtualEsp32ChipKind.Esp8266);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"), Firmware(0, seed: 1));

        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.StartsWith("Esp32ChipNotSupported,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("ESP8266 ROM bootloader detected on " + server.Url, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("esptool or mpflash", error.ErrorDetails?.RecommendedAction ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Board.ReceivedOpcodes, o => o is Esp32RomOpcode.FLASH_BEGIN or Esp32RomOpcode.FLASH_DEFL_BEGIN);
    }
}
