using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// The per-chip targets of docs/protocols/esp32-family.md §2, with numbers: eFuse words decoded into the strings
/// esptool prints (§2.4), the BEGIN payload's length (§1), bootloader offsets, frequency codes and the workarounds
/// of §2.6. The words are worked out by hand from the §2.3 bit ranges, not taken from the simulator.
/// </summary>
public sealed class Esp32ChipTargetTests
{
    private const uint Mac0 = 0xF9010203;
    private const uint Mac1 = 0x00006055;

    private static Esp32EfuseBlocks Blocks(uint w3 = 0, uint w4 = 0, uint w5 = 0, uint mac1 = Mac1, uint blk2w4 = 0) =>
        new([Mac0, mac1, 0, w3, w4, w5], blk2w4);

    [Fact]
    public void Every_supported_chip_has_its_own_target_magic_chip_id_and_bootloader_offset()
    {
        Assert.Equal(["ESP32", "ESP32-S2", "ESP32-S3", "ESP32-C3", "ESP32-C6"], Esp32ChipTarget.Supported.Select(t => t.Name));
        Assert.Equal([0, 2, 9, 5, 13], Esp32ChipTarget.Supported.Select(t => t.ImageChipId));
        Assert.Equal([0x1000u, 0x1000u, 0x0u, 0x0u, 0x0u], Esp32ChipTarget.Supported.Select(t => t.BootloaderOffset));
        Assert.Same(Esp32S2Target.Instance, Esp32ChipTarget.FromMagic(0x000007C6));
        Assert.Same(Esp32S3Target.Instance, Esp32ChipTarget.FromMagic(0x00000009));
        foreach (uint c3 in new uint[] { 0x6921506F, 0x1B31506F, 0x4881606F, 0x4361606F })
        {
            Assert.Same(Esp32C3Target.Instance, Esp32ChipTarget.FromMagic(c3));
        }

        Assert.Same(Esp32C6Target.Instance, Esp32ChipTarget.FromMagic(0x2CE0806F));
        Assert.Null(Esp32ChipTarget.FromMagic(0xFFF0C101));
        Assert.Same(Esp32S3Target.Instance, Esp32ChipTarget.FromChipId(9));
        Assert.Null(Esp32ChipTarget.FromChipId(12));
        // §2.7: ESP32 and S2 are known by their magic; the others by GET_SECURITY_INFO's chip id.
        Assert.Equal([true, true, false, false, false], Esp32ChipTarget.Supported.Select(t => t.IdentifiedByMagic));
    }

    [Fact]
    public void The_later_chips_send_a_20_byte_begin_and_the_esp32_16()
    {
        // docs/protocols/esp32-family.md §6.3: FLASH_DEFL_BEGIN of 200 000 bytes at 0x20000 in one block.
        byte[] expected = [0x00, 0x10, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00];
        foreach (Esp32ChipTarget later in Esp32ChipTarget.Supported.Skip(1))
        {
            Assert.Equal(expected, later.BeginPayload(0x31000, 1, 0x400, 0x20000));
        }

        Assert.Equal(expected.Take(16), Esp32Target.Instance.BeginPayload(0x31000, 1, 0x400, 0x20000));
    }

    [Fact]
    public void The_spi_registers_of_the_later_chips_sit_at_their_own_bases_and_offsets()
    {
        Esp32SpiRegisters s3 = Esp32S3Target.Instance.Spi;
        Assert.Equal((0x60002000u, 0x60002018u, 0x60002020u, 0x60002028u, 0x60002058u), (s3.Cmd, s3.Usr, s3.Usr2, s3.MisoDlen, s3.W0));
        Assert.Equal(0x60003058u, Esp32C6Target.Instance.Spi.W0);
        Assert.Equal(0x3F402058u, Esp32S2Target.Instance.Spi.W0);
        Assert.Equal(0x3FF42080u, Esp32Target.Instance.Spi.W0);
    }

    [Fact]
    public void An_s3_with_nothing_burned_but_its_revision_reads_as_esptool_prints_it()
    {
        Esp32ChipInfo info = Esp32S3Target.Instance.Describe(Blocks(w3: 2u << 18), 9);
        Assert.Equal("ESP32-S3 (QFN56) (revision v0.2)", info.Description);
        Assert.Equal("Wi-Fi, BT 5 (LE), Dual Core + LP Core, 240MHz", string.Join(", ", info.Features));
        Assert.Equal("60:55:f9:01:02:03", info.Mac);
        Assert.Equal((0, 2, 2, 40, 9), (info.MajorRevision, info.MinorRevision, info.RevisionFull, info.CrystalMhz, info.ChipId));
    }

    [Fact]
    public void An_s3_with_embedded_flash_and_psram_names_sizes_and_vendors()
    {
        // Flash cap 1 (8MB) at w3 29:27, vendor 1 (XMC) at w4 2:0; PSRAM cap 1 (8MB) at w4 4:3, vendor 1 (AP_3v3) at w4 8:7.
        Esp32ChipInfo info = Esp32S3Target.Instance.Describe(Blocks(w3: 1u << 27 | 1u << 21, w4: 0x89, w5: 1u << 24), 9);
        Assert.Equal("ESP32-S3-PICO-1 (LGA56) (revision v1.0)", info.Description);
        Assert.Equal("Wi-Fi, BT 5 (LE), Dual Core + LP Core, 240MHz, Embedded Flash 8MB (XMC), Embedded PSRAM 8MB (AP_3v3)", string.Join(", ", info.Features));
        // PSRAM cap 4 = bit 2 from w5 bit 19: 4MB.
        Assert.Contains("Embedded PSRAM 4MB (AP_3v3)", Esp32S3Target.Instance.Describe(Blocks(w4: 1u << 7, w5: 1u << 19), 9).Features);
    }

    [Fact]
    public void An_s3_eco0_part_with_block_version_1_1_reports_v0_0()
    {
        // §2.3: raw major 1, minor 0, BLK_VERSION_MAJOR 1 (BLK2 w4 1:0) and BLK_VERSION_MINOR 1 (w3 26:24) is an ECO0 part.
        Assert.Equal("ESP32-S3 (QFN56) (revision v0.0)", Esp32S3Target.Instance.Describe(Blocks(w3: 1u << 24, w5: 1u << 24, blk2w4: 1), 9).Description);
        Assert.Equal("ESP32-S3 (QFN56) (revision v1.0)", Esp32S3Target.Instance.Describe(Blocks(w3: 1u << 24, w5: 1u << 24, blk2w4: 0), 9).Description);
        Assert.Equal("ESP32-S3 (QFN56) (revision v1.1)", Esp32S3Target.Instance.Describe(Blocks(w3: 1u << 24 | 1u << 18, w5: 1u << 24, blk2w4: 1), 9).Description);
    }

    [Fact]
    public void An_s3_clears_force_download_boot_before_a_reset_and_no_other_chip_asks_for_a_write()
    {
        Esp32RegisterWrite? write = Esp32S3Target.Instance.BeforeHardReset;
        Assert.NotNull(write);
        Assert.Equal((0x6000812Cu, 0u, 1u), (write.Address, write.Value, write.Mask));
        Assert.All(Esp32ChipTarget.Supported.Where(t => t != Esp32S3Target.Instance), t => Assert.Null(t.BeforeHardReset));
    }

    [Theory]
    [InlineData(0u, 0u, "ESP32-C3 (QFN32) (revision v0.4)", "Wi-Fi, BT 5 (LE), Single Core, 160MHz")]
    [InlineData(1u << 27, 1u, "ESP32-C3 (QFN32) (revision v0.4)", "Wi-Fi, BT 5 (LE), Single Core, 160MHz, Embedded Flash 4MB (XMC)")]
    [InlineData(1u << 21 | 2u << 27, 5u, "ESP8685 (QFN28) (revision v0.4)", "Wi-Fi, BT 5 (LE), Single Core, 160MHz, Embedded Flash 2MB (ZBIT)")]
    [InlineData(3u << 21 | 4u << 27, 2u, "ESP8686 (QFN24) (revision v0.4)", "Wi-Fi, BT 5 (LE), Single Core, 160MHz, Embedded Flash 8MB (GD)")]
    public void A_c3_reads_as_esptool_prints_it(uint w3Extra, uint w4, string description, string features)
    {
        // The real C3 of §2.4: ESP32-C3 (QFN32) (revision v0.4) with Embedded Flash 4MB (XMC).
        Esp32ChipInfo info = Esp32C3Target.Instance.Describe(Blocks(w3: 4u << 18 | w3Extra, w4: w4), 0x4361606F);
        Assert.Equal(description, info.Description);
        Assert.Equal(features, string.Join(", ", info.Features));
    }

    [Fact]
    public void A_c3s_minor_revision_takes_its_fourth_bit_from_w5()
    {
        Assert.Equal("ESP32-C3 (QFN32) (revision v1.11)", Esp32C3Target.Instance.Describe(Blocks(w3: 3u << 18, w5: 1u << 24 | 1u << 23), 5).Description);
    }

    [Theory]
    [InlineData(1u << 18, 0u, "ESP32-C6 (QFN40) (revision v0.1)", "Unknown Embedded Flash")]
    [InlineData(1u << 24 | 1u << 22 | 2u << 18, 1u, "ESP32-C6FH4 (QFN32) (revision v1.2)", "Embedded Flash 4MB")]
    [InlineData(1u << 24, 2u, "ESP32-C6FH8 (QFN32) (revision v0.0)", "Embedded Flash 8MB")]
    [InlineData(1u << 24, 0u, "Unknown ESP32-C6 (revision v0.0)", "Unknown Embedded Flash")]
    public void A_c6_reads_as_esptool_prints_it(uint w3, uint w4, string description, string flash)
    {
        // mac1's high half holds MAC_EXT ff:fe on real chips; the base MAC ignores it.
        Esp32ChipInfo info = Esp32C6Target.Instance.Describe(Blocks(w3: w3, w4: w4, mac1: 0xFFFE6055), 0x2CE0806F);
        Assert.Equal(description, info.Description);
        Assert.Equal("Wi-Fi 6, BT 5 (LE), IEEE802.15.4, Single Core + LP Core, 160MHz, " + flash, string.Join(", ", info.Features));
        Assert.Equal("60:55:f9:01:02:03", info.Mac);
    }

    [Theory]
    [InlineData(1u << 18, 0u, 0u, "ESP32-S2 (revision v1.0)", "No Embedded Flash, No Embedded PSRAM, No calibration in BLK2 of efuse")]
    [InlineData(1u << 18 | 2u << 21 | 1u << 28, 5u << 4, 2u << 4, "ESP32-S2FNR2 (revision v1.5)", "Embedded Flash 4MB, Embedded PSRAM 2MB, ADC and temperature sensor calibration in BLK2 of eFuse V2")]
    [InlineData(1u << 21, 0u, 1u << 4, "ESP32-S2FH2 (revision v0.0)", "Embedded Flash 2MB, No Embedded PSRAM, ADC and temperature sensor calibration in BLK2 of eFuse V1")]
    [InlineData(1u << 28, 0u, 0u, "ESP32-S2R2 (revision v0.0)", "No Embedded Flash, Embedded PSRAM 2MB, No calibration in BLK2 of efuse")]
    [InlineData(3u << 21, 0u, 0u, "Unknown ESP32-S2 (revision v0.0)", "Unknown Embedded Flash, No Embedded PSRAM, No calibration in BLK2 of efuse")]
    public void An_s2_is_named_by_its_flash_and_psram_capabilities(uint w3, uint w4, uint blk2w4, string description, string rest)
    {
        Esp32ChipInfo info = Esp32S2Target.Instance.Describe(Blocks(w3: w3, w4: w4, blk2w4: blk2w4), 0x7C6);
        Assert.Equal(description, info.Description);
        Assert.Equal("Wi-Fi, Single Core, 240MHz, " + rest, string.Join(", ", info.Features));
    }

    [Fact]
    public void Header_frequency_codes_follow_the_chip_and_the_c3_compares_legacy_min_rev_with_its_minor_revision()
    {
        Assert.Equal((byte)0xF, Esp32S3Target.Instance.HeaderFrequencyCode(Esp32FlashFrequency.Freq80M));
        Assert.Equal((byte)0x0, Esp32C6Target.Instance.HeaderFrequencyCode(Esp32FlashFrequency.Freq80M));
        Assert.Null(Esp32C6Target.Instance.HeaderFrequencyCode(Esp32FlashFrequency.Freq26M));
        var chip = new Esp32ChipInfo { MajorRevision = 0, MinorRevision = 4 };
        Assert.Equal(4, Esp32C3Target.Instance.LegacyRevision(chip));
        Assert.Equal(0, Esp32S3Target.Instance.LegacyRevision(chip));
    }

    [Fact]
    public void Get_security_info_replies_are_read_by_their_length()
    {
        // docs/protocols/esp32-family.md §2.2: S2 (12-byte body, no chip id), S3 (20 bytes, chip id 9), and the ESP32's refusal (§6.3).
        Assert.True(Esp32Response.TryParse([0x01, 0x14, 0x10, 0x00, 0, 0, 0, 0, .. new byte[12], 0, 0, 0, 0], out Esp32Response? s2));
        Esp32SecurityInfo? s2Info = Esp32SecurityInfo.Parse(s2!);
        Assert.NotNull(s2Info);
        Assert.Null(s2Info.ChipId);

        Assert.True(Esp32Response.TryParse([0x01, 0x14, 0x18, 0x00, 0, 0, 0, 0, 0x04, 0, 0, 0, .. new byte[8], 0x09, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0], out Esp32Response? s3));
        Esp32SecurityInfo? s3Info = Esp32SecurityInfo.Parse(s3!);
        Assert.NotNull(s3Info);
        Assert.Equal((9, 3u, true), (s3Info.ChipId, s3Info.ApiVersion, s3Info.SecureDownloadMode));

        Assert.True(Esp32Response.TryParse([0x01, 0x14, 0x04, 0x00, 0, 0, 0, 0, 0x01, 0x05, 0x00, 0x00], out Esp32Response? esp32));
        Assert.Null(Esp32SecurityInfo.Parse(esp32!));
    }
}
