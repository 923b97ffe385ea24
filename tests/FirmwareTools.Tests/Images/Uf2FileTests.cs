using System.Text;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Rp2;
using Xunit;

namespace FirmwareTools.Tests.Images;

public class Uf2FileTests
{
    private const string Path = "test.uf2";

    [Fact]
    public void A_block_is_the_protocol_note_example_byte_for_byte()
    {
        // docs/protocols/rp2-uf2-picoboot.md §1.7: RP2040, block 5 of 2560, address 0x10000500.
        byte[] expectedHeader = Hex("55 46 32 0a 57 51 5d 9e 00 20 00 00 00 05 00 10 00 01 00 00 05 00 00 00 00 0a 00 00 56 ff 8b e4");
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        byte[] block = Uf2Block.Encode(new Uf2BlockHeader { TargetAddress = 0x10000500, BlockNumber = 5, BlockCount = 2560, FamilyIdOrFileSize = Uf2Family.Rp2040 }, payload);

        Assert.Equal(512, block.Length);
        Assert.Equal(expectedHeader, block.Take(32).ToArray());
        Assert.Equal(payload, block.Skip(32).Take(256).ToArray());
        Assert.All(block.Skip(288).Take(220), b => Assert.Equal(0, b));
        Assert.Equal(Hex("30 6f b1 0a"), block.Skip(508).ToArray());
    }

    [Fact]
    public void The_E10_block_is_the_protocol_note_header_then_0xEF_and_the_ignore_tag()
    {
        byte[] block = Uf2Block.EncodeE10Block();

        Assert.Equal(Hex("55 46 32 0a 57 51 5d 9e 00 a0 00 00 00 ff ff 10 00 01 00 00 00 00 00 00 02 00 00 00 57 ff 8b e4"), block.Take(32).ToArray());
        Assert.All(block.Skip(32).Take(256), b => Assert.Equal(0xEF, b));
        Assert.Equal(Hex("04 e3 57 99"), block.Skip(288).Take(4).ToArray());
        Uf2Block parsed = Uf2Block.TryParse(block, 0, out _, out _)!;
        Assert.True(parsed.IsRp2350E10Block);
        Assert.True(parsed.HasRp2IgnoreTag);
    }

    [Fact]
    public void Crc32_mpeg2_of_the_check_string_is_the_protocol_note_value()
    {
        Assert.Equal(0x0376E6E7u, Rp2BootCheck.Crc32Mpeg2(Encoding.ASCII.GetBytes("123456789"), 0, 9));
    }

    [Fact]
    public void An_rp2040_file_gives_its_pages_sectors_and_a_bootable_verdict()
    {
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 10000);
        Uf2FlashImage flash = Select(Uf2Writer.Write(image, 0x10000000, Uf2Family.Rp2040), Rp2Chip.Rp2040);

        Assert.Equal(Uf2Family.Rp2040, flash.FamilyId);
        Assert.Equal(40, flash.PageCount);
        Assert.Equal(new[] { 0x10000000u, 0x10001000u, 0x10002000u }, flash.Sectors);
        Assert.Equal(new MemoryRegionText("0x10000000-0x100027FF"), new MemoryRegionText(flash.Regions.Single().Range));
        Assert.Equal(image.Take(256).ToArray(), flash.GetPage(0x10000000));
        Assert.Null(flash.BootProblem);
        Assert.Null(flash.DriveCopyProblem);
    }

    [Fact]
    public void An_rp2350_file_skips_the_E10_block_and_takes_the_arm_run()
    {
        Uf2FlashImage flash = Select(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 8192), Rp2Chip.Rp2350);

        Assert.Equal(Uf2Family.Rp2350ArmSecure, flash.FamilyId);
        Assert.True(flash.SkippedE10Block);
        Assert.False(flash.HasPage(0x10FFFF00));
        Assert.Equal(32, flash.PageCount);
        Assert.Contains(flash.IgnoredRuns, r => r.IsRp2350E10);
        Assert.Null(flash.BootProblem);
    }

    [Fact]
    public void An_rp2350_file_on_an_rp2040_is_refused_naming_both_chips()
    {
        var e = Assert.Throws<Uf2FileException>(() => Select(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 4096), Rp2Chip.Rp2040));

        Assert.Equal("Uf2FamilyMismatch", e.ErrorId);
        Assert.Contains("no RP2040 (0xE48BFF56) block for the RP2040", e.Message, StringComparison.Ordinal);
        Assert.Contains("RP2350_ARM_S (0xE48BFF59)", e.Message, StringComparison.Ordinal);
        Assert.Contains("built for an RP2350", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rp2040_file_on_an_rp2350_is_refused()
    {
        var e = Assert.Throws<Uf2FileException>(() => Select(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096), Rp2Chip.Rp2350));

        Assert.Equal("Uf2FamilyMismatch", e.ErrorId);
        Assert.Contains("built for an RP2040", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_risc_v_file_is_taken_as_risc_v_and_arm_wins_when_both_are_present()
    {
        byte[] riscv = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 4096, familyId: Uf2Family.Rp2350RiscV);
        Assert.Equal(Uf2Family.Rp2350RiscV, Select(riscv, Rp2Chip.Rp2350).FamilyId);

        byte[] both = riscv.Concat(Uf2Writer.Write(Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 4096, 2), 0x10000000, Uf2Family.Rp2350ArmSecure)).ToArray();
        Uf2FlashImage arm = Select(both, Rp2Chip.Rp2350);
        Assert.Equal(Uf2Family.Rp2350ArmSecure, arm.FamilyId);
        Assert.Equal(Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 4096, 2).Take(256).ToArray(), arm.GetPage(0x10000000));
    }

    [Fact]
    public void A_truncated_file_names_the_offset_of_the_partial_block()
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096);

        var e = Assert.Throws<Uf2FileException>(() => Uf2File.Parse(file.Take(file.Length - 100).ToArray(), Path));

        Assert.Equal("Uf2FileInvalid", e.ErrorId);
        Assert.Equal(512 * 15, e.Offset);
        Assert.Contains("truncated: 412 byte(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_at_a_block_boundary_is_missing_blocks_of_its_run()
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096);

        var e = Assert.Throws<Uf2FileException>(() => Select(file.Take(512 * 14).ToArray(), Rp2Chip.Rp2040));

        Assert.Equal("Uf2RunInvalid", e.ErrorId);
        Assert.Contains("has 14 of its 16 blocks (missing blockNo 14, 15)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reordered_file_gives_the_same_pages_but_is_unsafe_for_the_rp2040_drive()
    {
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 8192);
        byte[] inOrder = Uf2Writer.Write(image, 0x10000000, Uf2Family.Rp2040);
        byte[] shuffled = Blocks(inOrder).Reverse().SelectMany(b => b).ToArray();
        byte[] renumbered = Uf2Writer.WritePages(Enumerable.Range(0, 32).Reverse().Select(i => Page(image, i)).ToList(), Uf2Family.Rp2040);

        Uf2FlashImage reference = Select(inOrder, Rp2Chip.Rp2040);
        Uf2FlashImage blocksReversed = Select(shuffled, Rp2Chip.Rp2040);
        Uf2FlashImage numbersReversed = Select(renumbered, Rp2Chip.Rp2040);

        foreach (uint address in reference.PageAddresses)
        {
            Assert.Equal(reference.GetPage(address), blocksReversed.GetPage(address));
            Assert.Equal(reference.GetPage(address), numbersReversed.GetPage(address));
        }

        Assert.Null(blocksReversed.DriveCopyProblem);
        Assert.Contains("RP2040-E14", numbersReversed.DriveCopyProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_starting_off_a_sector_boundary_is_unsafe_for_the_rp2040_drive()
    {
        Uf2FlashImage flash = Select(Uf2Writer.Write(new byte[512], 0x10000100, Uf2Family.Rp2040), Rp2Chip.Rp2040);

        Assert.Contains("0x10000100, not on a 4 KiB boundary", flash.DriveCopyProblem, StringComparison.Ordinal);
        Assert.NotNull(flash.BootProblem);
    }

    [Theory]
    [InlineData(252)]
    [InlineData(476)]
    [InlineData(128)]
    public void A_block_with_a_payload_other_than_256_is_refused(int payloadSize)
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        Uf2Block.WriteUInt32(file, 512 + 16, (uint)payloadSize);

        var e = Assert.Throws<Uf2FileException>(() => Select(file, Rp2Chip.Rp2040));

        Assert.Equal("Uf2RunInvalid", e.ErrorId);
        Assert.Equal(512, e.Offset);
        Assert.Contains($"the payload is {payloadSize} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_size_that_is_no_uf2_block_is_refused_while_reading()
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        Uf2Block.WriteUInt32(file, 512 + 16, 480);

        var e = Assert.Throws<Uf2FileException>(() => Uf2File.Parse(file, Path));

        Assert.Equal(512 + 16, e.Offset);
        Assert.Contains("payloadSize is 480", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_outside_flash_is_refused_with_its_block()
    {
        var pages = new[] { new KeyValuePair<uint, byte[]>(0x10000000, new byte[256]), new KeyValuePair<uint, byte[]>(0x10200000, new byte[256]) };

        var e = Assert.Throws<Uf2FileException>(() => Select(Uf2Writer.WritePages(pages, Uf2Family.Rp2040), Rp2Chip.Rp2040));

        Assert.Equal("Uf2AddressOutsideFlash", e.ErrorId);
        Assert.Equal(512 + 12, e.Offset);
        Assert.Contains("page 0x10200000 lies outside the 2 MiB flash (0x10000000-0x101FFFFF)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ram_image_is_not_firmware()
    {
        var e = Assert.Throws<Uf2FileException>(() => Select(Uf2Writer.Write(new byte[256], 0x20000000, Uf2Family.Rp2040), Rp2Chip.Rp2040));

        Assert.Equal("Uf2AddressOutsideFlash", e.ErrorId);
        Assert.Contains("a RAM image is not firmware", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_inside_the_filesystem_is_refused_unless_allowed()
    {
        byte[] file = Uf2Writer.Write(new byte[0xA0000 + 256], 0x10000000, Uf2Family.Rp2040);
        Rp2BoardProfile pico = Rp2BoardProfile.Find("RPI_PICO")!;

        var e = Assert.Throws<Uf2FileException>(() => Uf2FlashImage.Select(Uf2File.Parse(file, Path), Uf2SelectOptions.For(Rp2Chip.Rp2040, pico, allowFilesystem: false)));

        Assert.Equal("Uf2TouchesFilesystem", e.ErrorId);
        Assert.Contains("page 0x100A0000 lies in the MicroPython filesystem of RPI_PICO (from 0x100A0000)", e.Message, StringComparison.Ordinal);
        Assert.Contains("-EraseFilesystem", e.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0xA0000 / 256 + 1, Uf2FlashImage.Select(Uf2File.Parse(file, Path), Uf2SelectOptions.For(Rp2Chip.Rp2040, pico, allowFilesystem: true)).PageCount);
    }

    [Fact]
    public void Without_a_board_only_what_reaches_every_variants_filesystem_is_refused()
    {
        // 0x10100000 is inside the Pico's filesystem but below the Pico W's (0x1012C000): it fits a Pico W image.
        byte[] fitsPicoW = Uf2Writer.Write(new byte[0x100000], 0x10000000, Uf2Family.Rp2040);
        byte[] reachesBoth = Uf2Writer.Write(new byte[0x12C000 + 256], 0x10000000, Uf2Family.Rp2040);

        Assert.Equal(0x1000, Uf2FlashImage.Select(Uf2File.Parse(fitsPicoW, Path), Uf2SelectOptions.For(Rp2Chip.Rp2040, null, false)).PageCount);
        var e = Assert.Throws<Uf2FileException>(() => Uf2FlashImage.Select(Uf2File.Parse(reachesBoth, Path), Uf2SelectOptions.For(Rp2Chip.Rp2040, null, false)));
        Assert.Contains("of every RP2040 Pico (from 0x1012C000)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_that_write_one_page_twice_overlap()
    {
        var pages = new[] { new KeyValuePair<uint, byte[]>(0x10000000, new byte[256]), new KeyValuePair<uint, byte[]>(0x10000000, new byte[256]) };

        var e = Assert.Throws<Uf2FileException>(() => Select(Uf2Writer.WritePages(pages, Uf2Family.Rp2040), Rp2Chip.Rp2040));

        Assert.Equal("Uf2RunInvalid", e.ErrorId);
        Assert.Contains("block 1 writes page 0x10000000 again (block 0 at offset 0 already does): blocks overlap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_number_twice_and_one_past_the_count_are_refused()
    {
        byte[] duplicate = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        Uf2Block.WriteUInt32(duplicate, 512 + 20, 0);
        byte[] past = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        Uf2Block.WriteUInt32(past, 1536 + 20, 4);

        Assert.Contains("blockNo 0 appears twice (first at offset 0)", Assert.Throws<Uf2FileException>(() => Select(duplicate, Rp2Chip.Rp2040)).Message, StringComparison.Ordinal);
        Assert.Contains("blockNo 4 is not below numBlocks 4", Assert.Throws<Uf2FileException>(() => Select(past, Rp2Chip.Rp2040)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unaligned_address_is_refused()
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        Uf2Block.WriteUInt32(file, 512 + 12, 0x10000180);

        Assert.Contains("0x10000180 is not 256-aligned", Assert.Throws<Uf2FileException>(() => Select(file, Rp2Chip.Rp2040)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "magicStart0")]
    [InlineData(4, "magicStart1")]
    [InlineData(508, "magicEnd")]
    public void A_damaged_magic_names_the_field_and_offset(int field, string name)
    {
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        file[1024 + field] ^= 0xFF;
        if (field == 0)
        {
            file[1024 + 1] ^= 0xFF;
        }

        var e = Assert.Throws<Uf2FileException>(() => Uf2File.Parse(file, Path));

        Assert.Equal(1024 + field, e.Offset);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("block 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bin_or_dfu_file_given_as_uf2_is_not_a_uf2_file()
    {
        byte[] bin = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 2048);
        byte[] dfu = DfuFile.Write(bin, vendorId: 0x0483, productId: 0xDF11, bcdDevice: 0xFFFF);

        foreach (byte[] file in new[] { bin, dfu })
        {
            var e = Assert.Throws<Uf2FileException>(() => Uf2File.Parse(file, Path));
            Assert.Equal(0, e.Offset);
            Assert.Contains("it is not a .uf2 file", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void File_container_blocks_are_refused_and_not_main_flash_blocks_are_ignored()
    {
        byte[] container = Uf2Block.Encode(new Uf2BlockHeader { Flags = Uf2Flags.FileContainer, BlockCount = 1, FamilyIdOrFileSize = 256 }, new byte[256]);
        byte[] comment = Uf2Block.Encode(new Uf2BlockHeader { Flags = Uf2Flags.NotMainFlash | Uf2Flags.FamilyIdPresent, TargetAddress = 0x10000000, BlockCount = 1, FamilyIdOrFileSize = Uf2Family.Rp2040 }, new byte[256]);
        byte[] firmware = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 512);

        Assert.Contains("file container", Assert.Throws<Uf2FileException>(() => Uf2File.Parse(container, Path)).Message, StringComparison.Ordinal);
        Uf2FlashImage flash = Select(comment.Concat(firmware).ToArray(), Rp2Chip.Rp2040);
        Assert.Equal(2, flash.PageCount);
        Assert.Contains(flash.IgnoredRuns, r => r.IsNotMainFlash);
    }

    [Fact]
    public void A_tag_that_overruns_the_data_area_is_refused()
    {
        var tag = new byte[] { 0xF0, 0x01, 0x02, 0x03 };
        byte[] block = Uf2Block.Encode(new Uf2BlockHeader { Flags = Uf2Flags.FamilyIdPresent | Uf2Flags.ExtensionTagsPresent, TargetAddress = 0x10000000, BlockCount = 1, FamilyIdOrFileSize = Uf2Family.Rp2040 }, new byte[256], tag);

        var e = Assert.Throws<Uf2FileException>(() => Uf2File.Parse(block, Path));

        Assert.Equal(32 + 256, e.Offset);
        Assert.Contains("extension tag 0x030201 declares 240 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_split_where_family_or_count_changes()
    {
        Uf2File file = Uf2File.Parse(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 1024).Concat(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 512, familyId: Uf2Family.Rp2350RiscV).Skip(512)).ToArray(), Path);

        Assert.Equal(3, file.Runs.Count);
        Assert.True(file.Runs[0].IsRp2350E10);
        Assert.Equal("RP2350_ARM_S: 4 of 4 block(s)", file.Runs[1].ToString());
        Assert.Equal("RP2350_RISCV: 2 of 2 block(s)", file.Runs[2].ToString());
        Assert.Equal(new[] { Uf2Family.Rp2xxxAbsolute, Uf2Family.Rp2350ArmSecure, Uf2Family.Rp2350RiscV }, file.FamilyIds);
    }

    private static Uf2FlashImage Select(byte[] file, Rp2Chip chip) =>
        Uf2FlashImage.Select(Uf2File.Parse(file, Path), new Uf2SelectOptions { Chip = chip });

    private static IEnumerable<byte[]> Blocks(byte[] file) => file.Chunk(512);

    private static KeyValuePair<uint, byte[]> Page(byte[] image, int index) =>
        new(0x10000000u + (uint)(index * 256), image.Skip(index * 256).Take(256).ToArray());

    private static byte[] Hex(string text) => text.Split(' ').Select(h => Convert.ToByte(h, 16)).ToArray();

    private sealed record MemoryRegionText(string Text);
}
