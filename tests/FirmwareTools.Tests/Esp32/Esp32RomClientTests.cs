using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>The ROM client against the scripted ROM over the in-process serial link.</summary>
public sealed class Esp32RomClientTests : IDisposable
{
    /// <summary>Generous for a loaded machine (replies are in-process), short enough that lost-reply tests stay quick.</summary>
    internal static readonly Esp32Timeouts TestTimeouts = new()
    {
        Default = TimeSpan.FromSeconds(2),
        Sync = TimeSpan.FromMilliseconds(500),
        SyncDrain = TimeSpan.FromMilliseconds(200),
        BaudCheck = TimeSpan.FromMilliseconds(300),
        BootLog = TimeSpan.FromMilliseconds(30),
    };

    private static Esp32Timeouts WithSync(TimeSpan sync, TimeSpan resend) => new()
    {
        Default = TestTimeouts.Default,
        Sync = sync,
        SyncResend = resend,
        SyncDrain = TestTimeouts.SyncDrain,
        BaudCheck = TestTimeouts.BaudCheck,
        BootLog = TestTimeouts.BootLog,
    };

    private readonly VirtualSerialLink link = new();
    private readonly ScriptedEsp32Rom rom;

    public Esp32RomClientTests() => rom = new ScriptedEsp32Rom(link);

    public void Dispose()
    {
        link.Host.Dispose();
        rom.Dispose();
    }

    private Esp32RomClient Client(int attempts = 2, IReadOnlyList<Esp32ResetStrategy>? strategies = null) =>
        new(link.Host, TestTimeouts) { ConnectAttempts = attempts, DefaultResetStrategies = strategies };

    [Fact]
    public void NoReset_syncs_and_detects_the_seed_chip()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        Esp32ChipInfo chip = client.DetectChip();
        Assert.Equal("ESP32", chip.Chip);
        Assert.Equal("ESP32-D0WDQ6 (revision v1.0)", chip.Description);
        Assert.Equal("30:ae:a4:00:86:68", chip.Mac);
        Assert.Equal(40, chip.CrystalMhz);
        Assert.Equal(0, rom.Resets);
        Assert.Null(client.ConnectedWith);
    }

    public static TheoryData<string> Strategies => new() { "UnixTightReset", "ClassicReset", "ClassicResetExtended" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Each_reset_strategy_puts_the_board_into_download_mode(string name)
    {
        rom.InDownloadMode = false;
        Esp32ResetStrategy strategy = name switch
        {
            "UnixTightReset" => Esp32ResetStrategy.UnixTightReset(Esp32ResetStrategy.DefaultResetDelay),
            "ClassicReset" => Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.DefaultResetDelay),
            _ => Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.ExtendedResetDelay),
        };
        Esp32RomClient client = Client(strategies: [strategy]);
        client.Connect(Esp32BeforeMode.DefaultReset);
        Assert.True(rom.InDownloadMode);
        Assert.Equal(1, rom.Resets);
        Assert.Same(strategy, client.ConnectedWith);
        Assert.Equal("ESP32", client.DetectChip().Chip);
    }

    [Fact]
    public void Lost_first_syncs_are_retried()
    {
        rom.SwallowSyncs = 2;
        Client().Connect(Esp32BeforeMode.NoReset);
        // Two swallowed, then one answered (more only if a loaded machine delayed a reply past the SYNC timeout).
        Assert.True(rom.Received.Count(c => c == Esp32Command.Sync) >= 3);
    }

    [Fact]
    public void A_lost_first_sync_is_sent_again_within_the_same_try()
    {
        rom.SwallowSyncs = 1;
        // A long SYNC timeout: with one SYNC per try this try would fail after 5 s; the resend makes it succeed.
        var client = new Esp32RomClient(link.Host, WithSync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)));
        Assert.True(client.TrySync());
        int syncs = rom.Received.Count(c => c == Esp32Command.Sync);
        Assert.True(syncs >= 2, $"{syncs} SYNC frames reached the ROM");
        Assert.Equal(client.SyncsSent, syncs);
    }

    [Fact]
    public void Surplus_replies_from_resent_syncs_do_not_answer_later_commands()
    {
        rom.SwallowSyncs = 3;
        // No allowance past the wire time: SYNCs go out back to back until one is answered, so replies to several arrive.
        var client = new Esp32RomClient(link.Host, WithSync(TimeSpan.FromSeconds(5), TimeSpan.Zero));
        Assert.True(client.TrySync());
        Assert.True(rom.Received.Count(c => c == Esp32Command.Sync) >= 4);
        Esp32ChipInfo chip = client.DetectChip();
        Assert.Equal("ESP32-D0WDQ6 (revision v1.0)", chip.Description);
        Assert.Equal("30:ae:a4:00:86:68", chip.Mac);
    }

    [Fact]
    public void A_resend_allowance_at_the_sync_timeout_sends_one_sync_per_try_as_esptool()
    {
        rom.SwallowSyncs = 1;
        var client = new Esp32RomClient(link.Host, WithSync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)));
        Assert.False(client.TrySync());
        Assert.Equal(1, rom.Received.Count(c => c == Esp32Command.Sync));
        Assert.Equal(1, client.SyncsSent);
    }

    [Fact]
    public void A_silent_port_is_no_answer_with_the_gpio0_advice()
    {
        rom.InDownloadMode = false;
        var e = Assert.Throws<Esp32NoAnswerException>(() => Client(attempts: 1).Connect(Esp32BeforeMode.NoReset));
        Assert.Contains("GPIO0", e.RecommendedAction);
        Assert.Contains("jumper", e.RecommendedAction);
        Assert.Equal("Esp32NoAnswer", e.ErrorId);
        Assert.Equal("VIRTUAL0", e.Target);
    }

    [Fact]
    public void A_boot_log_in_flash_boot_mode_is_reported_as_wrong_boot_mode()
    {
        rom.InDownloadMode = false;
        rom.StrapStuckHigh = true;
        var e = Assert.Throws<Esp32NoAnswerException>(() => Client(attempts: 1, strategies: [Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.DefaultResetDelay)]).Connect(Esp32BeforeMode.DefaultReset));
        Assert.Contains("boot:0x13", e.Message);
    }

    [Fact]
    public void A_micropython_repl_is_recognised_by_its_echo()
    {
        rom.InDownloadMode = false;
        rom.Repl = true;
        var e = Catalogued.Throws("Esp32RunsFirmware", () => Client(attempts: 7).Connect(Esp32BeforeMode.NoReset));
        Assert.Contains("runs firmware, not the bootloader", e.Message);
        Assert.Contains("GPIO0/G23", e.RecommendedAction);
        // Without a reset nothing changes: one round of SYNC tries, not seven.
        Assert.Equal("Esp32RunsFirmware", e.ErrorId);
    }

    [Fact]
    public void A_micropython_repl_after_reset_is_recognised_by_its_prompt()
    {
        rom.InDownloadMode = false;
        rom.StrapStuckHigh = true;
        rom.Repl = true;
        var e = Catalogued.Throws("Esp32RunsFirmware", () => Client(attempts: 1, strategies: [Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.DefaultResetDelay)]).Connect(Esp32BeforeMode.DefaultReset));
        Assert.Contains("runs firmware", e.Message);
    }

    [Fact]
    public void A_lost_read_reg_reply_is_retried()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        rom.DropReplies.Add(Esp32Command.ReadReg);
        Assert.Equal(Esp32Protocol.Esp32ChipMagic, client.ReadRegister(Esp32Protocol.ChipDetectMagicRegister));
        Assert.True(rom.Received.Count(c => c == Esp32Command.ReadReg) >= 2);
    }

    [Fact]
    public void Replies_lost_every_time_end_in_a_clear_error()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        rom.DropReplies.AddRange(Enumerable.Repeat(Esp32Command.ReadReg, 5));
        var e = Assert.Throws<Esp32ProtocolException>(() => client.ReadRegister(Esp32Protocol.ChipDetectMagicRegister));
        Assert.Contains("No reply to READ_REG", e.Message);
        Assert.Contains("3 tries", e.Message);
    }

    [Fact]
    public void An_unsupported_command_is_a_named_rom_error()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        var e = Assert.Throws<Esp32RomErrorException>(() => client.Execute(new Esp32CommandRequest(Esp32Command.GetSecurityInfo, [], TestTimeouts.Default) { ExpectedDataLength = 20 }));
        Assert.Equal((byte)Esp32RomError.InvalidMessageFormat, e.Code);
        Assert.Equal("InvalidMessageFormat", e.CodeName);
        Assert.Contains("GET_SECURITY_INFO", e.Message);
        Assert.Contains("0105", e.Message);
    }

    [Fact]
    public void Flash_id_and_size_through_the_spi_registers()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        client.AttachSpiFlash();
        Assert.Equal(0x1640EFu, client.ReadFlashId());
        rom.JedecId = 0x1840C8;
        Assert.Equal(16L * 1024 * 1024, client.DetectFlashSize());
        rom.JedecId = 0xFFFFFF;
        Assert.Throws<Esp32ProtocolException>(() => client.DetectFlashSize());
    }

    [Fact]
    public void Deflated_write_lands_byte_exact_and_md5_matches()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        client.AttachSpiFlash();
        byte[] data = Esp32TestImage.FirmwareLike(segmentLengths: [50_000, 30_001], seed: 7);
        long length = (data.Length + 3) / 4 * 4;
        var reported = new List<long>();
        long compressed = client.WriteDeflated(0x10000, length, () => new MemoryStream(data), new SyncProgress<long>(reported.Add));
        Assert.Equal(data, rom.Flash.AsSpan(0x10000, data.Length).ToArray());
        Assert.All(rom.Flash.AsSpan(0x10000 + data.Length, (int)(length - data.Length)).ToArray(), b => Assert.Equal(0xFF, b));
        uint[] begin = rom.DeflBegins.Single();
        Assert.Equal((uint)((length + 0x3FF) / 0x400 * 0x400), begin[0]);
        Assert.Equal((uint)((compressed + 0x3FF) / 0x400), begin[1]);
        Assert.Equal(0x400u, begin[2]);
        Assert.Equal(0x10000u, begin[3]);
        Assert.Equal((int)begin[1], rom.Received.Count(c => c == Esp32Command.FlashDeflData));
        Assert.True(compressed < length);
        Assert.Equal(length, reported[^1]);
        string md5 = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(rom.Flash.AsSpan(0x10000, (int)length))).ToLowerInvariant();
        Assert.Equal(md5, client.FlashMd5(0x10000, length));
    }

    [Fact]
    public void Baud_switch_moves_both_ends()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        Assert.Equal(921600, client.ChangeBaudRate(921600));
        Assert.Equal(921600, rom.Baud);
        Assert.Equal(921600, link.Host.BaudRate);
        Assert.Equal(Esp32Protocol.Esp32ChipMagic, client.ReadRegister(Esp32Protocol.ChipDetectMagicRegister));
    }

    [Fact]
    public void Baud_switch_that_fails_falls_back_by_resetting_and_resyncing_at_the_old_rate()
    {
        rom.InDownloadMode = false;
        rom.LinkFailsAbove = 460800;
        Esp32RomClient client = Client(strategies: [Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.DefaultResetDelay)]);
        client.Connect(Esp32BeforeMode.DefaultReset);
        Assert.Equal(115200, client.ChangeBaudRate(921600));
        Assert.Equal(115200, link.Host.BaudRate);
        Assert.Equal(115200, rom.Baud);
        Assert.Equal(2, rom.Resets);
        Assert.Equal(Esp32Protocol.Esp32ChipMagic, client.ReadRegister(Esp32Protocol.ChipDetectMagicRegister));
    }

    [Fact]
    public void Baud_switch_that_fails_without_a_way_to_reset_is_an_error_naming_the_rate()
    {
        rom.LinkFailsAbove = 460800;
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        var e = Assert.Throws<Esp32ProtocolException>(() => client.ChangeBaudRate(921600));
        Assert.Contains("-FlashBaudRate 115200", e.Message);
    }

    [Fact]
    public void Cancellation_mid_write_stops_between_blocks()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        client.AttachSpiFlash();
        byte[] data = Esp32TestImage.FirmwareLike(segmentLengths: [200_000], seed: 3);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            client.WriteDeflated(0x10000, data.Length / 4 * 4, () => new MemoryStream(data), new SyncProgress<long>(_ => cancel.Cancel()), cancel.Token));
        Assert.Equal(1, rom.Received.Count(c => c == Esp32Command.FlashDeflData));
    }

    [Fact]
    public void A_cut_cable_mid_write_is_port_lost()
    {
        Esp32RomClient client = Client();
        client.Connect(Esp32BeforeMode.NoReset);
        byte[] data = Esp32TestImage.FirmwareLike(segmentLengths: [200_000], seed: 3);
        Assert.Throws<SerialPortLostException>(() =>
            client.WriteDeflated(0x10000, data.Length / 4 * 4, () => new MemoryStream(data), new SyncProgress<long>(_ => link.Disconnect())));
    }

    [Fact]
    public void Boot_log_parsing_finds_the_mode_and_the_download_banner()
    {
        Assert.Equal(("0x13", false), Esp32Connector.ParseBootLog("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"));
        Assert.Equal(("0x3", true), Esp32Connector.ParseBootLog("rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0))\r\nwaiting for download\r\n"));
        Assert.Equal(((string?)null, false), Esp32Connector.ParseBootLog("garbage"));
    }
}

/// <summary>IProgress that reports synchronously on the calling thread.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
