using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// esptool's timeouts (docs/protocols/esp32-rom-loader.md §6.2) as settings, so that tests of lost replies do not wait seconds per retry. The
    /// defaults are esptool master's values; per-MB timeouts scale with the bytes a command makes the ROM touch.
    /// </summary>
    public sealed class Esp32Timeouts
    {
        /// <summary>DEFAULT_TIMEOUT: most commands.</summary>
        public TimeSpan Default { get; init; } = TimeSpan.FromSeconds(3);

        /// <summary>SYNC_TIMEOUT: the first reply to SYNC. Short, because the first SYNC after reset is often lost while the ROM auto-bauds.</summary>
        public TimeSpan Sync { get; init; } = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// Within one SYNC try, how long past the SYNC's and its reply's wire time to wait before sending SYNC again.
        /// The allowance covers the ROM's turnaround and the USB-serial bridge's latency (an FTDI chip holds short reads
        /// for its 16 ms latency timer by default) [I]. At or above <see cref="Sync"/>: one SYNC per try, as esptool.
        /// </summary>
        public TimeSpan SyncResend { get; init; } = TimeSpan.FromMilliseconds(20);

        /// <summary>
        /// <see cref="SyncResend"/> on the chip's own USB-Serial/JTAG (after the USJ reset): no USB-serial bridge and no latency
        /// timer between the host and the ROM, whose replies go out in the next 1 ms USB frame, so a few milliseconds
        /// cover the turnaround [I]. A reply that comes later still counts; the surplus replies are skipped by opcode.
        /// </summary>
        public TimeSpan SyncResendUsb { get; init; } = TimeSpan.FromMilliseconds(5);

        /// <summary>How long to wait for each of the 7 extra SYNC replies before giving up on them (they are skipped later anyway).</summary>
        public TimeSpan SyncDrain { get; init; } = TimeSpan.FromMilliseconds(100);

        /// <summary>ERASE_REGION_TIMEOUT_PER_MB: the ROM erases the whole region before replying to FLASH_(DEFL_)BEGIN.</summary>
        public TimeSpan EraseRegionPerMegabyte { get; init; } = TimeSpan.FromSeconds(40);

        /// <summary>ERASE_WRITE_TIMEOUT_PER_MB: a DATA block, scaled by the bytes it expands to.</summary>
        public TimeSpan EraseWritePerMegabyte { get; init; } = TimeSpan.FromSeconds(40);

        /// <summary>MD5_TIMEOUT_PER_MB: SPI_FLASH_MD5 reads the region back.</summary>
        public TimeSpan Md5PerMegabyte { get; init; } = TimeSpan.FromSeconds(8);

        /// <summary>MAX_TIMEOUT: the cap for any single command.</summary>
        public TimeSpan Maximum { get; init; } = TimeSpan.FromSeconds(240);

        /// <summary>After a baud change: how long the first exchange at the new rate may take before the link counts as failed.</summary>
        public TimeSpan BaudCheck { get; init; } = TimeSpan.FromMilliseconds(500);

        /// <summary>After a reset: how long to collect the boot log before the first SYNC.</summary>
        public TimeSpan BootLog { get; init; } = TimeSpan.FromMilliseconds(20);

        /// <summary>
        /// USB-Serial/JTAG reset (docs/protocols/esp32-family.md §3.3): the wait after clearing the download latch and the
        /// wait after setting it, before the next line write. esptool waits 100 ms at each [S]; both only order the latch
        /// writes, and every DTR/RTS write to a CDC-ACM port is a SET_CONTROL_LINE_STATE control transfer completed before
        /// the next one starts (Linux cdc-acm sends it with a synchronous usb_control_msg, Windows usbser's line IOCTLs are
        /// synchronous, an RFC 2217 server applies them in order), so the order holds without a wait: 0 [I].
        /// </summary>
        public TimeSpan UsjLatchSettle { get; init; } = TimeSpan.Zero;

        /// <summary>
        /// USB-Serial/JTAG reset: how long the reset state (DTR off, RTS on) is held, with the download latch set, before
        /// both lines are released, which clears the latch. The ROM reads the latch as it boots, so clearing it too early
        /// boots the application: esptool's 100 ms [S] is kept (§3.3).
        /// </summary>
        public TimeSpan UsjResetHold { get; init; } = TimeSpan.FromMilliseconds(100);

        public static Esp32Timeouts Esptool { get; } = new Esp32Timeouts();

        internal TimeSpan Cap(TimeSpan value) => value > Maximum ? Maximum : value;
    }
}
