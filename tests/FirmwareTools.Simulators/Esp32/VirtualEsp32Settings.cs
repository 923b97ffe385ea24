namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// How the virtual ESP32 (ESP32-D0WDQ6 on a DevKit-style or Pycom carrier) behaves. Every fact of the
/// docs/protocols/esp32-rom-loader.md the simulator depends on is a named setting, tagged [S] source, [O] observed,
/// [I] inferred or [U] unsure as in the note, with the note's value as the default, so a measurement on real
/// hardware changes a number here and nothing else.
/// </summary>
public sealed partial record VirtualEsp32Settings
{
    /// <summary>Multiplies every modelled duration (UART wire time, flash erase/program, MD5). 1.0 is real time; 0 is instant (unit tests).</summary>
    public double TimeScale { get; set; } = 1.0;

    // ---- Carrier, straps and reset (§3.1, §3.6) ----

    /// <summary>DTR/RTS reach EN and GPIO0 through the DevKit two-transistor circuit [S]. False = Pycom Expansion Board 2.0 (FTDI, no auto-reset lines) [S].</summary>
    public bool ModemLinesWired { get; set; } = true;

    /// <summary>The G23-GND jumper (Expansion Board 2.0) holds GPIO0 low, so every reset enters the ROM loader [S].</summary>
    public bool StrapJumperFitted { get; set; }

    /// <summary>
    /// Start (and come back after each attach reset) in ROM download mode whatever the straps say: a socket:// port has no
    /// modem lines, so the board must already be in the loader, as after the user's manual reset with GPIO0 held low [S §8.1].
    /// </summary>
    public bool StartInDownloadMode { get; set; }

    /// <summary>Attaching a new connection resets the chip (keeping flash and eFuses), as a user pressing reset between tools would [I].</summary>
    public bool ResetOnAttach { get; set; } = true;

    /// <summary>
    /// Time from EN being released to the chip sampling GPIO0 (the EN RC delay). esptool's classic reset leaves a few
    /// microseconds of (DTR, RTS) = (on, on) between its two line writes; the capacitor hides it [I]. Real time: not scaled.
    /// </summary>
    public TimeSpan EnRiseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>ROM banner for a download-mode boot, sent at <see cref="RomBaudRate"/> (§3.4) [S].</summary>
    public string DownloadBootBanner { get; set; } =
        "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n";

    /// <summary>ROM + second-stage boot log for a flash boot (§3.4, esptool#698 trace) [O].</summary>
    public string FlashBootLog { get; set; } =
        "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n" +
        "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\nmode:DIO, clock div:2\r\n" +
        "load:0x3fff0030,len:7200\r\nload:0x40078000,len:13212\r\nentry 0x40080610\r\n";

    /// <summary>The application is MicroPython: after the boot log it prints a banner and <c>&gt;&gt;&gt; </c> and echoes input (REPL mode).</summary>
    public bool ReplMode { get; set; }

    /// <summary>What the MicroPython application prints after booting, before the first prompt.</summary>
    public string ReplBanner { get; set; } = "MicroPython v1.22.2 on 2024-02-22; Generic ESP32 module with ESP32\r\nType \"help()\" for more information.\r\n";

    // ---- UART (§1.1, §2.5, §8.1) ----

    /// <summary>Baud rate of the ROM after reset [S].</summary>
    public int RomBaudRate { get; set; } = 115200;

    /// <summary>Until the first SYNC is answered the ROM follows the host's baud rate (it auto-bauds on SYNC) [S].</summary>
    public bool AutoBaudBeforeSync { get; set; } = true;

    /// <summary>The first SYNC after a reset into the loader is lost while the ROM measures the baud rate [O §3.4].</summary>
    public bool FirstSyncLost { get; set; } = true;

    /// <summary>Frames the ROM sends per SYNC [S §2.6].</summary>
    public int SyncReplyCount { get; set; } = 8;

    /// <summary>Header value of the ROM's SYNC replies: the first 4 payload bytes as u32 [O traces; §8.2].</summary>
    public uint SyncReplyValue { get; set; } = 0x20120707;

    /// <summary>Relative baud error a UART tolerates before characters turn into garbage [I].</summary>
    public double BaudTolerance { get; set; } = 0.03;

    // ---- Chip identity: registers and eFuses (§4) ----

    /// <summary>CHIP_DETECT_MAGIC at 0x40001000 for ESP32 [S].</summary>
    public uint ChipMagic { get; set; } = 0x00F01D83;

    /// <summary>Base MAC in eFuse words 1-2; the seed WiPy's [O].</summary>
    public IReadOnlyList<byte> Mac { get; set; } = [0x30, 0xAE, 0xA4, 0x00, 0x86, 0x68];

    /// <summary>Package version in eFuse word 3: 0 = ESP32-D0WDQ6 [O seed].</summary>
    public int PackageVersion { get; set; }

    /// <summary>Major chip revision: 0, 1 or 3 (encoded in eFuse word 3 bit 15, word 5 bit 20 and APB_CTL_DATE bit 31) [S §4.3]. Seed: 0 [O].</summary>
    public int MajorRevision { get; set; }

    /// <summary>Minor revision, eFuse word 5 bits 24-25 [S].</summary>
    public int MinorRevision { get; set; }

    /// <summary>Word 4 bits 8-12: ADC Vref calibration present (non-zero) [S]; the seed printed "VRef calibration in efuse" [O].</summary>
    public int AdcVrefCalibration { get; set; } = 0x11;

    /// <summary>Crystal; UART_CLKDIV reads crystal / baud (ESP32 divider factor 1) [S §4.4].</summary>
    public int CrystalHz { get; set; } = 40_000_000;

    /// <summary>
    /// RTC calibration value (RTCCALICFG1 0x3FF5F06C bits 7-31). With <see cref="Ck8mFrequencyEfuse"/> it gives the
    /// crystal estimate the ROM derives its UART divisor from: cali × 15625 × ck8m / 40 (§2.5). The ROM's real baud after
    /// CHANGE_BAUDRATE(b) is b × <see cref="CrystalHz"/> / estimate, which is why esptool sends a compensated value.
    /// Defaults give exactly 40 MHz, so compensated and plain requests agree [I: not measured].
    /// </summary>
    public uint RtcCaliValue { get; set; } = 1280;

    /// <summary>EFUSE_RD_CK8M_FREQ: eFuse word 4 bits 0-7 [I].</summary>
    public int Ck8mFrequencyEfuse { get; set; } = 80;

    /// <summary>GPIO_STRAP (0x3FF44038): bit 5 selects the flash voltage when the eFuse does not force it; 0x13 = flash boot pins [I].</summary>
    public uint GpioStrap { get; set; } = 0x0000_0013;

    // ---- SPI flash (§4.5, §8.3) ----

    /// <summary>RDID answer: byte 0 manufacturer, byte 1 type, byte 2 capacity. 0x1640EF = Winbond 4 MB [I]. 0xFFFFFF = flash absent.</summary>
    public uint JedecId { get; set; } = 0x1640EF;

    /// <summary>Size of the flash array (bytes).</summary>
    public int FlashSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Flash size the ROM assumes until SPI_SET_PARAMS: accesses beyond it fail with 0x06 [S troubleshooting page]. 0 disables the check.</summary>
    public int RomDefaultFlashSize { get; set; } = 2 * 1024 * 1024;

    /// <summary>Status register (RDSR 0x05) value; write protection sets the BP bits.</summary>
    public byte FlashStatusRegister { get; set; }

    /// <summary>CMD reads that still show bit 18 (busy) after an SPI1 user command, to exercise the host's ≤10-poll loop [I].</summary>
    public int SpiCommandBusyPolls { get; set; }

    /// <summary>Erase time of one 4 KiB sector [I: typical NOR, chosen so 1.3 MB erases + programs in about 6 s as §6.3 estimates].</summary>
    public TimeSpan SectorEraseTime { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Program time per byte [I: 0.5 ms per 256-byte page].</summary>
    public TimeSpan ProgramTimePerByte { get; set; } = TimeSpan.FromTicks(20); // 2 µs

    /// <summary>Time to read one byte for SPI_FLASH_MD5 or READ_FLASH_SLOW [I: ~10 MB/s at 40 MHz DIO].</summary>
    public TimeSpan ReadTimePerByte { get; set; } = TimeSpan.FromTicks(1);

    // ---- ROM command rules (§2, §8.3) ----

    /// <summary>FLASH_*, FLASH_DEFL_*, SPI_FLASH_MD5 and READ_FLASH_SLOW fail until SPI_ATTACH was received [S: required in ROM].</summary>
    public bool RequireSpiAttach { get; set; } = true;

    /// <summary>Error code for a flash command before SPI_ATTACH [U: not observed].</summary>
    public byte NotAttachedError { get; set; } = Esp32RomError.ExecutionFailed;

    /// <summary>SPI_ATTACH must carry the 8-byte ROM form [S]; a 4-byte (stub) payload is refused with 0x05.</summary>
    public bool RequireRomSpiAttachForm { get; set; } = true;

    /// <summary>FLASH_DATA must carry exactly block_size bytes (the last block padded with 0xFF) [S].</summary>
    public bool RequireFullFlashBlocks { get; set; } = true;

    /// <summary>
    /// Largest block_size FLASH_BEGIN / FLASH_DEFL_BEGIN accept; null = any. esptool uses 0x400 with the ROM; esptool-js
    /// 0.7.0 sends 0x4000 blocks to the ROM too. What the real ESP32 ROM's limit is, is not known [U].
    /// </summary>
    public int? MaxBlockSize { get; set; }

    /// <summary>DATA commands must arrive with seq 0, 1, 2... [I].</summary>
    public bool CheckSequence { get; set; } = true;

    /// <summary>Error code for a wrong length or sequence in a DATA command [U].</summary>
    public byte BadDataError { get; set; } = Esp32RomError.InvalidParameter;

    /// <summary>After programming, the ROM reads back and compares; a mismatch replies 0x08 [S §1.5]. Off = silent bad writes (MD5 catches them).</summary>
    public bool RomVerifiesWrites { get; set; } = true;

    /// <summary>Replies to an unsupported opcode carry the request's opcode [U §11]. false = opcode field set to <see cref="UnsupportedReplyOpcode"/>.</summary>
    public bool UnsupportedReplyEchoesOpcode { get; set; }

    /// <summary>Opcode field of an unsupported-command reply when it does not echo [U].</summary>
    public byte UnsupportedReplyOpcode { get; set; }

    /// <summary>How many times the ROM sends the unsupported-command reply [U: esptool and esptool-js 0.7.0 say "about 8 times"].</summary>
    public int UnsupportedReplyRepeats { get; set; } = 8;

    /// <summary>MEM_END gets no reply: the ROM jumps before the FIFO drains [S §2.6 says it may].</summary>
    public bool SuppressMemEndReply { get; set; }

    /// <summary>Per-command processing time of the ROM between the end of a request and the start of its reply [U: not measured].</summary>
    public TimeSpan CommandTurnaround { get; set; } = TimeSpan.Zero;

    // ---- Connection: USB-Serial/JTAG and USB-OTG (docs/protocols/esp32-family.md §3, §6) ----

    /// <summary>How the host reaches the chip: a bridge (the DevKit circuit), the USB-Serial/JTAG or the ROM's OTG CDC.</summary>
    public VirtualEsp32Link Link { get; set; } = VirtualEsp32Link.UsbUartBridge;

    /// <summary>
    /// [I] How many bytes a second the ROM takes over its own USB (the USB-Serial/JTAG or OTG CDC), whatever baud rate the
    /// host sets, which the USB link ignores: 100 000. Not measured here; esptool's issue 779 reports 746 kbit/s effective
    /// for an ESP32-S3 written over its USB (compressed data, erase and program included, the stub at 20 MHz), so the pipe
    /// alone carries more than the ~47 KB/s that figure needs. The UART bridge's bytes take 10 bits at the line's baud rate.
    /// </summary>
    public double UsbLinkBytesPerSecond { get; set; } = 100_000;

    /// <summary>The modelled time <paramref name="count"/> bytes take on this board's link at <paramref name="baud"/>.</summary>
    public double WireSeconds(int count, int baud) =>
        Link == VirtualEsp32Link.UsbUartBridge ? count * 10.0 / Math.Max(1, baud) : count / UsbLinkBytesPerSecond;

    /// <summary>
    /// The USB-Serial/JTAG decodes DTR/RTS as esp32-family.md §3.3's table: (0,0) clears the download latch, (1,0) sets it,
    /// (0,1) resets the core (into the loader when the latch is set), (1,1) does nothing [I: inferred from esptool's
    /// sequence, the TRM table not read]. False: the lines do nothing on the USJ.
    /// </summary>
    public bool UsjLatchModel { get; set; } = true;

    /// <summary>
    /// How long after a USJ core reset the ROM samples the download latch: a latch cleared (DTR and RTS both released)
    /// sooner than this boots the application, as clearing it too early would on a chip. esptool holds the reset state
    /// 100 ms before clearing (esp32-family.md §3.3 [S]); when the ROM really samples is not known [U], so 0 by default
    /// (the latch as it was at the reset decides). Real time, not scaled.
    /// </summary>
    public TimeSpan UsjLatchSampleDelay { get; set; } = TimeSpan.Zero;

    /// <summary>A USB reset of the USJ also drops the port for a moment and brings it back under another name (C6 after a system reset, some hosts) [O espflash#779].</summary>
    public bool UsjPortDropsOnReset { get; set; }

    /// <summary>The OTG port (or a dropping USJ port) comes back after a reset; false = it never does (a board that needs replugging).</summary>
    public bool PortComesBackAfterReset { get; set; } = true;

    /// <summary>How long the port is gone during re-enumeration [U: 300 ms suggested by esp32-family.md §6.1]; real time, not scaled.</summary>
    public TimeSpan ReenumerateDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The USB serial number: the USJ's base MAC as upper-case hex with colons (esp32-family.md §3.1 [O]); null derives it from <see cref="Mac"/>.</summary>
    public string? UsbSerialNumber { get; set; }

    /// <summary>
    /// The application armed the RTC watchdog, and a USJ reset (a core reset) does not stop it, so it fires in the loader
    /// unless the client disables it (esp32-family.md §3.3, §3.4 [O espflash#169]).
    /// </summary>
    public bool RtcWatchdogArmed { get; set; }

    /// <summary>
    /// The armed watchdog's period, counted in modelled chip work (erase and program time from the settings above, whatever
    /// <see cref="TimeScale"/> is), so it fires at the same point of a flash in every run [I: the application chooses it].
    /// </summary>
    public TimeSpan RtcWatchdogPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where the RTC watchdog's registers are, when a test wants other ones than the chip's: null (the default) takes
    /// those of <see cref="Chip"/> (S2, S3, C3, C6); an original ESP32 on a USB link (a board no real chip makes, kept for
    /// tests where the client knows no watchdog) gets the C3's.
    /// </summary>
    public VirtualRtcWatchdogRegisters? RtcWatchdogRegisters { get; set; }
}
