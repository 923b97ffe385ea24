using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// The virtual ESP32 driven with raw SLIP frames built here (byte vectors from docs/protocols/esp32-rom-loader.md §1.8): replies,
/// flash contents, state transitions and every fault knob.
/// </summary>
public sealed class VirtualEsp32Tests
{
    [Fact]
    public void Bytes_on_a_bridge_take_10_bits_at_the_baud_rate_and_on_the_chips_own_USB_the_USB_rate_whatever_the_baud()
    {
        var bridge = new VirtualEsp32Settings();
        var usj = VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C3) with { Link = VirtualEsp32Link.UsbSerialJtag };
        var otg = VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32S2) with { Link = VirtualEsp32Link.UsbOtg };

        Assert.Equal(1.0, bridge.WireSeconds(11520, 115200), 9);
        Assert.Equal(0.125, bridge.WireSeconds(11520, 921600), 9);
        Assert.Equal(1.0, usj.WireSeconds(100_000, 115200), 9);
        Assert.Equal(1.0, usj.WireSeconds(100_000, 921600), 9);
        Assert.Equal(usj.WireSeconds(5000, 115200), otg.WireSeconds(5000, 9600), 9);
    }

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(5);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Sync_vector_gets_eight_identical_rom_replies_with_value_0x20120707()
    {
        using var rom = new RawRomLink();
        rom.WriteRaw(Hex("c0 00 08 24 00 00 00 00 00 07 07 12 20" + string.Concat(Enumerable.Repeat("55", 32)) + "c0"));

        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(Hex("c0 01 08 04 00 07 07 12 20 00 00 00 00 c0"), rom.ReadWireFrame());
        }

        Assert.Null(rom.ReadWireFrame(Quiet));
        Assert.True(rom.Board.Synced);
    }

    [Fact]
    public void First_sync_after_reset_is_lost_by_default_and_the_second_is_answered()
    {
        var settings = RawRomLink.Instant() with { FirstSyncLost = true };
        using var rom = new RawRomLink(settings);

        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        Assert.Null(rom.ReadWireFrame(Quiet));
        rom.Sync();

        Assert.Equal([false, true], rom.Board.Commands.Select(c => c.Replied));
    }

    [Fact]
    public void Commands_before_the_first_sync_are_ignored()
    {
        using var rom = new RawRomLink();
        rom.Send(Op.READ_REG, RawRomLink.Words(0x40001000));
        Assert.Null(rom.ReadWireFrame(Quiet));
        rom.Sync();
        Assert.Equal(0x00F01D83u, rom.Expect(Op.READ_REG, RawRomLink.Words(0x40001000)).Value);
    }

    [Fact]
    public void Read_reg_magic_vector_gets_the_esp32_rom_reply_vector()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.WriteRaw(Hex("c0 00 0a 04 00 00 00 00 00 00 10 00 40 c0"));
        Assert.Equal(Hex("c0 01 0a 04 00 83 1d f0 00 00 00 00 00 c0"), rom.ReadWireFrame());
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(3, 7, 0)]
    public void Efuses_decode_to_the_seed_mac_package_and_selected_revision(int major, int revisionBits, int package)
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { MajorRevision = major });
        rom.Sync();
        uint[] words = Enumerable.Range(0, 7).Select(n => rom.Expect(Op.READ_REG, RawRomLink.Words(0x3FF5A000 + (uint)(4 * n))).Value).ToArray();
        uint apbDate = rom.Expect(Op.READ_REG, RawRomLink.Words(0x3FF6607C)).Value;

        // §4.3 decoding, written out here independently of the simulator.
        byte[] mac = [(byte)(words[2] >> 8), (byte)words[2], (byte)(words[1] >> 24), (byte)(words[1] >> 16), (byte)(words[1] >> 8), (byte)words[1]];
        Assert.Equal("30:ae:a4:00:86:68", string.Join(':', mac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(package, (int)(((words[3] >> 9) & 7) + (((words[3] >> 2) & 1) << 3)));
        int bits = (int)(((words[3] >> 15) & 1) | (((words[5] >> 20) & 1) << 1) | (((apbDate >> 31) & 1) << 2));
        Assert.Equal(revisionBits, bits);
        Assert.Equal(0u, words[3] & 1); // dual core
        Assert.NotEqual(0u, (words[4] >> 8) & 0x1F); // Vref calibration present, as the seed printed
        Assert.Equal(0u, words[6] & 3); // coding scheme None
    }

    [Fact]
    public void Uart_clkdiv_gives_a_40_mhz_crystal_estimate_at_the_current_baud()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        uint div = rom.Expect(Op.READ_REG, RawRomLink.Words(0x3FF40014)).Value & 0xFFFFF;
        Assert.InRange(115200.0 * div / 1e6, 39.0, 41.0);
    }

    [Theory]
    [InlineData(0x1640EFu, 0)]
    [InlineData(0x1840EFu, 3)]
    [InlineData(0xFFFFFFu, 0)]
    public void Spi1_rdid_register_sequence_returns_the_jedec_id(uint jedec, int busyPolls)
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { JedecId = jedec, SpiCommandBusyPolls = busyPolls });
        rom.Sync();
        const uint Base = 0x3FF42000;
        void Write(uint addr, uint value) => Assert.Equal(0, rom.Expect(Op.WRITE_REG, RawRomLink.Words(addr, value, 0xFFFFFFFF, 0)).Status);
        Write(Base + 0x2C, 23);
        Write(Base + 0x1C, 0x90000000);
        Write(Base + 0x24, 0x7000009F);
        Write(Base + 0x80, 0);
        Write(Base + 0x00, 0x00040000);
        int polls = 0;
        while ((rom.Expect(Op.READ_REG, RawRomLink.Words(Base)).Value & (1u << 18)) != 0)
        {
            polls++;
            Assert.True(polls <= 10, "SPI command did not complete");
        }

        Assert.Equal(busyPolls, polls);
        Assert.Equal(jedec, rom.Expect(Op.READ_REG, RawRomLink.Words(Base + 0x80)).Value);
    }

    [Fact]
    public void Spi_attach_vector_is_required_before_flash_commands()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        RawRomLink.Reply refused = rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x1000, 1, 0x400, 0x10000));
        Assert.Equal((1, 0x06), (refused.Status, refused.Error));

        rom.WriteRaw(Hex("c0 00 0d 08 00 00 00 00 00 00 00 00 00 00 00 00 00 c0"));
        Assert.Equal(Hex("c0 01 0d 04 00 00 00 00 00 00 00 00 00 c0"), rom.ReadWireFrame());
        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x1000, 1, 0x400, 0x10000)).Status);
    }

    [Fact]
    public void Spi_attach_in_the_4_byte_stub_form_is_refused_by_the_rom()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        RawRomLink.Reply reply = rom.Expect(Op.SPI_ATTACH, RawRomLink.Words(0));
        Assert.Equal((1, 0x05), (reply.Status, reply.Error));
    }

    [Fact]
    public void Flash_begin_erases_whole_sectors_before_replying_and_flash_data_programs_each_padded_block()
    {
        using var rom = new RawRomLink();
        byte[] flash = rom.Board.Flash.Contents;
        flash.AsSpan(0x10000, 0x3000).Fill(0x00);
        Attach(rom);
        byte[] image = Pattern(2500, 7);

        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words((uint)image.Length, 3, 0x400, 0x10000)).Status);
        Assert.All(flash.AsSpan(0x10000, 0x1000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.All(flash.AsSpan(0x11000, 0x1000).ToArray(), b => Assert.Equal(0x00, b)); // 2500 bytes = one sector

        for (int seq = 0; seq < 3; seq++)
        {
            byte[] block = new byte[0x400];
            block.AsSpan().Fill(0xFF);
            image.AsSpan(seq * 0x400, Math.Min(0x400, image.Length - (seq * 0x400))).CopyTo(block);
            RawRomLink.Reply reply = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, (uint)seq), RawRomLink.Checksum(block));
            Assert.Equal(Hex("00000000"), reply.Data);
        }

        Assert.Equal(image, flash.AsSpan(0x10000, image.Length).ToArray());
        Assert.Equal(Md5Hex(image), Md5(rom, 0x10000, image.Length));
        Assert.Equal(
            [Op.SYNC, Op.SPI_ATTACH, Op.SPI_SET_PARAMS, Op.FLASH_BEGIN, Op.FLASH_DATA, Op.FLASH_DATA, Op.FLASH_DATA, Op.SPI_FLASH_MD5],
            rom.Board.ReceivedOpcodes);
    }

    [Fact]
    public void Programming_without_erase_ands_the_bits_and_the_rom_read_back_reports_a_flash_write_error()
    {
        using var rom = new RawRomLink();
        rom.Board.Flash.Contents.AsSpan(0x20000, 0x400).Fill(0x0F);
        Attach(rom);
        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0, 1, 0x400, 0x20000)).Status); // erase size 0: nothing erased
        byte[] block = Enumerable.Repeat((byte)0xF1, 0x400).ToArray();

        RawRomLink.Reply reply = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block));

        Assert.Equal((1, 0x08), (reply.Status, reply.Error));
        Assert.All(rom.Board.Flash.Contents.AsSpan(0x20000, 0x400).ToArray(), b => Assert.Equal(0x01, b));
    }

    [Fact]
    public void Flash_data_checks_checksum_sequence_and_block_length()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x800, 2, 0x400, 0)).Status);
        byte[] block = Pattern(0x400, 3);

        RawRomLink.Reply badSum = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), (uint)(RawRomLink.Checksum(block) ^ 1));
        RawRomLink.Reply badSeq = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 1), RawRomLink.Checksum(block));
        RawRomLink.Reply shortBlock = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block.AsSpan(0, 100), 0), RawRomLink.Checksum(block.AsSpan(0, 100)));
        RawRomLink.Reply good = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block));

        Assert.Equal((1, 0x07), (badSum.Status, badSum.Error));
        Assert.Equal((1, 0x01), (badSeq.Status, badSeq.Error));
        Assert.Equal((1, 0x01), (shortBlock.Status, shortBlock.Error));
        Assert.Equal(0, good.Status);
        Assert.Equal(block, rom.Board.Flash.Contents.AsSpan(0, 0x400).ToArray());
    }

    [Fact]
    public void Flash_begin_with_the_fifth_encrypted_word_is_refused()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        RawRomLink.Reply reply = rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0, 0));
        Assert.Equal((1, 0x05), (reply.Status, reply.Error));
    }

    [Fact]
    public void A_block_size_above_the_configured_maximum_is_refused()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { MaxBlockSize = 0x400 });
        Attach(rom);
        RawRomLink.Reply reply = rom.Expect(Op.FLASH_DEFL_BEGIN, RawRomLink.Words(0x4000, 1, 0x4000, 0));
        Assert.Equal((1, 0x01), (reply.Status, reply.Error));
        Assert.Equal(0, rom.Expect(Op.FLASH_DEFL_BEGIN, RawRomLink.Words(0x4000, 16, 0x400, 0)).Status);
    }

    [Fact]
    public void Above_2_mb_the_rom_fails_with_0x06_until_spi_set_params_gives_the_size()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        Assert.Equal(0, rom.Expect(Op.SPI_ATTACH, new byte[8]).Status);
        RawRomLink.Reply refused = rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x1000, 4, 0x400, 0x300000));
        Assert.Equal((1, 0x06), (refused.Status, refused.Error));

        rom.WriteRaw(Hex("c0 00 0b 18 00 00 00 00 00 00000000 00004000 00000100 00100000 00010000 ffff0000 c0"));
        Assert.Equal(0, rom.ReadReply()!.Status);
        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x1000, 4, 0x400, 0x300000)).Status);
        RawRomLink.Reply beyond = rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x2000, 8, 0x400, 0x3FF000));
        Assert.Equal((1, 0x06), (beyond.Status, beyond.Error));
    }

    [Fact]
    public void Compressed_download_inflates_a_zlib_stream_sent_in_unpadded_1k_slices()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        byte[] image = FirmwareLike(200_000);
        byte[] compressed = Zlib(image);
        uint eraseSize = (uint)((image.Length + 0x3FF) / 0x400 * 0x400);
        int blocks = (compressed.Length + 0x3FF) / 0x400;

        Assert.Equal(0, rom.Expect(Op.FLASH_DEFL_BEGIN, RawRomLink.Words(eraseSize, (uint)blocks, 0x400, 0x10000)).Status);
        for (int seq = 0; seq < blocks; seq++)
        {
            byte[] slice = compressed.AsSpan(seq * 0x400, Math.Min(0x400, compressed.Length - (seq * 0x400))).ToArray();
            RawRomLink.Reply reply = rom.Expect(Op.FLASH_DEFL_DATA, RawRomLink.DataPayload(slice, (uint)seq), RawRomLink.Checksum(slice));
            Assert.True(reply.Status == 0, $"block {seq}: {reply.Status:X2}{reply.Error:X2}");
        }

        Assert.Equal(image, rom.Board.Flash.Contents.AsSpan(0x10000, image.Length).ToArray());
        Assert.Equal(Md5Hex(image), Md5(rom, 0x10000, image.Length));
    }

    [Fact]
    public void Compressed_download_with_a_bad_zlib_header_fails_with_0x0B()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        byte[] raw = Zlib(Pattern(5000, 1));
        raw[1] ^= 0x01; // header check (CMF*256+FLG) % 31 no longer 0
        Assert.Equal(0, rom.Expect(Op.FLASH_DEFL_BEGIN, RawRomLink.Words(0x1400, 1, 0x400, 0)).Status);
        RawRomLink.Reply reply = rom.Expect(Op.FLASH_DEFL_DATA, RawRomLink.DataPayload(raw.AsSpan(0, Math.Min(0x400, raw.Length)), 0), RawRomLink.Checksum(raw.AsSpan(0, Math.Min(0x400, raw.Length))));
        Assert.Equal((1, 0x0B), (reply.Status, reply.Error));
    }

    [Fact]
    public void Compressed_download_with_a_wrong_adler32_trailer_fails_with_0x0C()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        byte[] image = Pattern(600, 5);
        byte[] stream = Zlib(image);
        stream[^1] ^= 0xFF;
        Assert.True(stream.Length <= 0x400);
        Assert.Equal(0, rom.Expect(Op.FLASH_DEFL_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0)).Status);
        RawRomLink.Reply reply = rom.Expect(Op.FLASH_DEFL_DATA, RawRomLink.DataPayload(stream, 0), RawRomLink.Checksum(stream));
        Assert.Equal((1, 0x0C), (reply.Status, reply.Error));
    }

    [Fact]
    public void Md5_reply_is_32_lowercase_hex_characters_and_four_status_bytes()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        RawRomLink.Reply reply = rom.Expect(Op.SPI_FLASH_MD5, RawRomLink.Words(0x1000, 0x2000, 0, 0));
        Assert.Equal(36, reply.Data.Length);
        Assert.Equal(Md5Hex(Enumerable.Repeat((byte)0xFF, 0x2000).ToArray()), Encoding.ASCII.GetString(reply.Body));
        Assert.Equal(Hex("00000000"), reply.Data[32..]);
    }

    [Fact]
    public void Read_flash_slow_returns_64_bytes_of_which_length_are_valid()
    {
        using var rom = new RawRomLink();
        byte[] data = Pattern(64, 9);
        data.CopyTo(rom.Board.Flash.Contents, 0x8000);
        Attach(rom);
        RawRomLink.Reply reply = rom.Expect(Op.READ_FLASH_SLOW, RawRomLink.Words(0x8000, 16));
        Assert.Equal(64, reply.Body.Length);
        Assert.Equal(data[..16], reply.Body[..16]);
    }

    [Fact]
    public void Unsupported_opcode_gets_status_01_05_eight_times_without_echoing_the_opcode()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.Send(Op.GET_SECURITY_INFO, []);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(Hex("c0 01 00 04 00 00 00 00 00 01 05 00 00 c0"), rom.ReadWireFrame());
        }

        Assert.Null(rom.ReadWireFrame(Quiet));
    }

    [Fact]
    public void Unsupported_opcode_echo_is_a_setting()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { UnsupportedReplyEchoesOpcode = true, UnsupportedReplyRepeats = 1 });
        rom.Sync();
        RawRomLink.Reply reply = rom.Expect(0xD0, []);
        Assert.Equal((0xD0, 1, 0x05), (reply.Opcode, reply.Status, reply.Error));
        Assert.Null(rom.ReadWireFrame(Quiet));
    }

    [Fact]
    public void Change_baudrate_vector_replies_at_the_old_rate_then_only_a_host_at_the_new_rate_understands()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.WriteRaw(Hex("c0 00 0f 08 00 00 00 00 00 00 10 0e 00 00 00 00 00 c0"));
        Assert.Equal(Hex("c0 01 0f 04 00 00 00 00 00 00 00 00 00 c0"), rom.ReadWireFrame());
        Assert.Equal(921600, rom.Board.BaudRate);

        // Still at 115200: what the chip hears is garbage and what it says back would be too.
        rom.Send(Op.READ_REG, RawRomLink.Words(0x40001000));
        Assert.Null(rom.ReadReply(Quiet));

        rom.Host.BaudRate = 921600;
        Assert.Equal(0x00F01D83u, rom.Expect(Op.READ_REG, RawRomLink.Words(0x40001000)).Value);
    }

    [Fact]
    public void Output_at_a_baud_the_host_does_not_use_arrives_as_garbage()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StrapJumperFitted = true });
        rom.Host.BaudRate = 9600;
        rom.Board.PressReset();
        Assert.True(rom.Board.WaitForState(Esp32BoardState.RomDownload, Long));
        byte[] heard = rom.ReadAvailable(Quiet);

        Assert.Equal(rom.Board.LastBootOutput.Length, heard.Length);
        Assert.DoesNotContain("waiting for download", Encoding.Latin1.GetString(heard), StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_reset_with_gpio0_low_enters_download_mode_and_prints_the_download_banner()
    {
        var settings = RawRomLink.Instant() with { StartInDownloadMode = false };
        using var rom = new RawRomLink(settings);
        Assert.Equal(Esp32BoardState.RunApp, rom.Board.State);

        // esptool ClassicReset: DTR off, RTS on (EN low); DTR on, RTS off (EN rises, GPIO0 low); DTR off.
        rom.Host.DtrEnable = false;
        rom.Host.RtsEnable = true;
        Assert.Equal(Esp32BoardState.InReset, rom.Board.State);
        rom.Host.DtrEnable = true;
        rom.Host.RtsEnable = false;
        string banner = rom.ReadUntil("waiting for download", Long);
        rom.Host.DtrEnable = false;

        Assert.Contains("ets Jun  8 2016 00:22:57", banner, StringComparison.Ordinal);
        Assert.Contains("boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))", banner, StringComparison.Ordinal);
        Assert.Equal(Esp32BoardState.RomDownload, rom.Board.State);
        rom.Sync();
    }

    [Fact]
    public void Tight_reset_setting_both_lines_at_once_also_enters_download_mode()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = false });
        rom.Host.SetModemLines(false, false);
        rom.Host.SetModemLines(true, true);
        rom.Host.SetModemLines(false, true);
        rom.Host.SetModemLines(true, false);
        Assert.Contains("waiting for download", rom.ReadUntil("waiting for download", Long), StringComparison.Ordinal);
        rom.Host.SetModemLines(false, false);
        Assert.Equal(Esp32BoardState.RomDownload, rom.Board.State);
    }

    [Fact]
    public void Rts_pulse_with_gpio0_high_boots_the_application_with_boot_0x13()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = true });
        rom.Host.RtsEnable = true;
        rom.Host.RtsEnable = false;
        string log = rom.ReadUntil("entry 0x", Long);
        Assert.Contains("boot:0x13 (SPI_FAST_FLASH_BOOT)", log, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting for download", log, StringComparison.Ordinal);
        Assert.True(rom.Board.WaitForState(Esp32BoardState.RunApp, Long));
    }

    [Fact]
    public void With_the_strap_jumper_any_reset_enters_download_mode()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = false, StrapJumperFitted = true, ModemLinesWired = false });
        Assert.Equal(Esp32BoardState.RomDownload, rom.Board.State);
        int boots = rom.Board.BootCount;
        rom.Board.PressReset();
        Assert.Contains("waiting for download", rom.ReadUntil("waiting for download", Long), StringComparison.Ordinal);
        Assert.True(rom.Board.WaitForState(Esp32BoardState.RomDownload, Long));
        Assert.Equal(boots + 1, rom.Board.BootCount);
    }

    [Fact]
    public void Bytes_sent_while_en_is_low_are_lost()
    {
        using var rom = new RawRomLink();
        rom.Host.SetModemLines(false, true);
        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        Assert.Null(rom.ReadWireFrame(Quiet));
        Assert.Empty(rom.Board.Commands);
    }

    [Fact]
    public void Repl_mode_application_echoes_input_and_prompts()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = false, ReplMode = true });
        rom.WriteRaw("\r\n"u8);
        Assert.EndsWith(">>> ", rom.ReadUntil(">>> ", Long), StringComparison.Ordinal);

        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        byte[] echo = rom.ReadAvailable(Quiet);
        Assert.Equal(RawRomLink.Slip(RawRomLink.Packet(Op.SYNC, RawRomLink.SyncPayload)), echo);
        Assert.Equal(0x08, echo[2]); // the classic "Invalid head of packet (0x08)" byte (§3.5)
        Assert.Empty(rom.Board.Commands);
    }

    [Fact]
    public void Flash_end_with_reboot_leaves_the_loader_and_boots_the_application()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        Assert.Equal(0, rom.Expect(Op.FLASH_END, RawRomLink.Words(0)).Status);
        Assert.Contains("boot:0x13", rom.ReadUntil("entry 0x", Long), StringComparison.Ordinal);
        Assert.Equal(Esp32BoardState.RunApp, rom.Board.State);
    }

    [Fact]
    public void Flash_defl_end_with_reboot_and_the_jumper_comes_back_in_download_mode()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StrapJumperFitted = true });
        Attach(rom);
        Assert.Equal(0, rom.Expect(Op.FLASH_DEFL_END, RawRomLink.Words(0)).Status);
        Assert.Contains("waiting for download", rom.ReadUntil("waiting for download", Long), StringComparison.Ordinal);
        Assert.Equal(Esp32BoardState.RomDownload, rom.Board.State);
        Assert.False(rom.Board.Synced);
    }

    [Fact]
    public void Flash_contents_persist_across_connections_to_the_same_board()
    {
        var board = new VirtualEsp32Board(RawRomLink.Instant());
        byte[] image = Pattern(0x400, 11);
        using (var first = new RawRomLink(board: board))
        {
            Attach(first);
            first.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0x1000));
            Assert.Equal(0, first.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(image, 0), RawRomLink.Checksum(image)).Status);
        }

        using var second = new RawRomLink(board: board);
        Attach(second);
        Assert.Equal(Md5Hex(image), Md5(second, 0x1000, image.Length));
    }

    [Fact]
    public void Fault_noise_bytes_arrive_before_the_reply_frame()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.Board.Faults.Noise = "rst:0x10\r\n"u8.ToArray();
        rom.Board.Faults.NoiseReplyCount = 1;
        rom.Send(Op.READ_REG, RawRomLink.Words(0x40001000));
        byte[] wire = rom.ReadAvailable(Quiet);
        Assert.Equal([.. "rst:0x10\r\n"u8.ToArray(), .. Hex("c0 01 0a 04 00 83 1d f0 00 00 00 00 00 c0")], wire);
    }

    [Fact]
    public void Fault_dropped_reply_is_missing_and_the_next_one_comes()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.Board.Faults.DropReply = (Op.READ_REG, 1);
        Assert.Null(rom.Command(Op.READ_REG, RawRomLink.Words(0x40001000)));
        Assert.Equal(0x00F01D83u, rom.Expect(Op.READ_REG, RawRomLink.Words(0x40001000)).Value);
        Assert.Equal([true, false, true], rom.Board.Commands.Select(c => c.Replied));
    }

    [Fact]
    public void Fault_corrupted_reply_carries_an_invalid_slip_escape()
    {
        using var rom = new RawRomLink();
        rom.Sync();
        rom.Board.Faults.CorruptReply = (Op.READ_REG, 1);
        byte[] wire = rom.WriteThenReadFrame(Op.READ_REG, RawRomLink.Words(0x40001000));
        Assert.Throws<InvalidDataException>(() => RawRomLink.Unslip(wire));
    }

    [Fact]
    public void Fault_swallowed_syncs_get_no_reply()
    {
        using var rom = new RawRomLink();
        rom.Board.Faults.SwallowSyncs = 2;
        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        Assert.Null(rom.ReadWireFrame(Quiet));
        rom.Sync();
    }

    [Fact]
    public void Fault_wrong_md5_differs_from_the_flash()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        rom.Board.Faults.WrongMd5 = true;
        Assert.NotEqual(Md5Hex(rom.Board.Flash.Contents.AsSpan(0, 0x1000).ToArray()), Md5(rom, 0, 0x1000));
    }

    [Fact]
    public void Fault_write_protected_flash_keeps_its_contents_and_the_md5_shows_it()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { RomVerifiesWrites = false });
        rom.Board.Flash.Contents.AsSpan(0, 0x1000).Fill(0x5A);
        rom.Board.Faults.FlashWriteProtected = true;
        Attach(rom);
        byte[] block = Pattern(0x400, 2);
        Assert.Equal(0, rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0)).Status);
        Assert.Equal(0, rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block)).Status);

        Assert.All(rom.Board.Flash.Contents.AsSpan(0, 0x1000).ToArray(), b => Assert.Equal(0x5A, b));
        Assert.NotEqual(Md5Hex(block), Md5(rom, 0, 0x400));
    }

    [Fact]
    public void Fault_flash_write_error_replies_0x08()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        rom.Board.Faults.FlashWriteError = true;
        byte[] block = Pattern(0x400, 2);
        rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0));
        RawRomLink.Reply reply = rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block));
        Assert.Equal((1, 0x08), (reply.Status, reply.Error));
    }

    [Fact]
    public void Fault_link_that_fails_above_230400_works_at_115200_only()
    {
        using var rom = new RawRomLink();
        rom.Board.Faults.LinkFailsAboveBaud = 230400;
        rom.Sync();
        Assert.Equal(0, rom.Expect(Op.CHANGE_BAUDRATE, RawRomLink.Words(921600, 0)).Status);
        rom.Host.BaudRate = 921600;
        Assert.Null(rom.Command(Op.READ_REG, RawRomLink.Words(0x40001000)));
    }

    [Fact]
    public void Fault_dead_host_to_chip_line_shows_the_banner_but_never_answers_sync()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = false, StrapJumperFitted = true });
        rom.Board.Faults.HostToChipLineDead = true;
        rom.Board.PressReset();
        Assert.Contains("waiting for download", rom.ReadUntil("waiting for download", Long), StringComparison.Ordinal);
        rom.Send(Op.SYNC, RawRomLink.SyncPayload);
        Assert.Null(rom.ReadWireFrame(Quiet));
    }

    [Fact]
    public void Fault_strap_stuck_high_boots_the_application_whatever_the_lines_say()
    {
        using var rom = new RawRomLink(RawRomLink.Instant() with { StartInDownloadMode = false });
        rom.Board.Faults.StrapStuckHigh = true;
        rom.Host.SetModemLines(false, true);
        rom.Host.SetModemLines(true, false);
        Assert.Contains("boot:0x13", rom.ReadUntil("entry 0x", Long), StringComparison.Ordinal);
        Assert.Equal(Esp32BoardState.RunApp, rom.Board.State);
    }

    [Fact]
    public void Fault_disconnect_after_n_flash_data_bytes_cuts_the_cable()
    {
        using var rom = new RawRomLink();
        Attach(rom);
        rom.Board.Faults.DisconnectAfterFlashDataBytes = 0x800;
        rom.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x1000, 4, 0x400, 0));
        byte[] block = Pattern(0x400, 1);
        Assert.Equal(0, rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block)).Status);
        Assert.Equal(0, rom.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 1), RawRomLink.Checksum(block)).Status);
        rom.Send(Op.FLASH_DATA, RawRomLink.DataPayload(block, 2), RawRomLink.Checksum(block));

        Assert.Throws<SerialPortLostException>(() => rom.ReadReply(Long));
    }

    [Fact]
    public void Timing_model_keeps_replies_byte_exact_when_time_runs()
    {
        // Wire time is modelled (not asserted: no timed assertions); the bytes must be the same as with time scale 0.
        using var rom = new RawRomLink(RawRomLink.Instant() with { TimeScale = 0.01 });
        rom.Sync();
        rom.WriteRaw(Hex("c0 00 0a 04 00 00 00 00 00 00 10 00 40 c0"));
        Assert.Equal(Hex("c0 01 0a 04 00 83 1d f0 00 00 00 00 00 c0"), rom.ReadWireFrame());
    }

    private static void Attach(RawRomLink rom)
    {
        rom.Sync();
        Assert.Equal(0, rom.Expect(Op.SPI_ATTACH, new byte[8]).Status);
        Assert.Equal(0, rom.Expect(Op.SPI_SET_PARAMS, RawRomLink.Words(0, 4 * 1024 * 1024, 0x10000, 0x1000, 0x100, 0xFFFF)).Status);
    }

    private static string Md5(RawRomLink rom, uint address, int size)
    {
        RawRomLink.Reply reply = rom.Expect(Op.SPI_FLASH_MD5, RawRomLink.Words(address, (uint)size, 0, 0));
        Assert.Equal(0, reply.Status);
        return Encoding.ASCII.GetString(reply.Body);
    }

    private static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Compressible like firmware: runs of code-like bytes, text and 0xFF padding.</summary>
    internal static byte[] FirmwareLike(int length)
    {
        var random = new Random(42);
        var bytes = new byte[length];
        for (int i = 0; i < length;)
        {
            int run = Math.Min(length - i, random.Next(16, 512));
            switch (random.Next(3))
            {
                case 0:
                    random.NextBytes(bytes.AsSpan(i, run));
                    break;
                case 1:
                    bytes.AsSpan(i, run).Fill(0xFF);
                    break;
                default:
                    for (int k = 0; k < run; k++)
                    {
                        bytes[i + k] = (byte)"MicroPython esp32 "[k % 18];
                    }

                    break;
            }

            i += run;
        }

        return bytes;
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }
}
