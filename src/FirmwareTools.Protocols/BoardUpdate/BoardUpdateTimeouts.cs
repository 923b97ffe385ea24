using System;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// Every wait of an update, from docs/protocols/board-update.md §3.7 ("our limit" column, all [I]); tests pass
    /// shorter ones so a board that never comes back costs milliseconds.
    /// </summary>
    public sealed class BoardUpdateTimeouts
    {
        /// <summary>A pyboard's DFU device appears after <c>machine.bootloader()</c> (mpflash: 2 s, then 3 s of polling).</summary>
        public TimeSpan DfuDeviceAppears { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>A Pico's BOOTSEL device appears after <c>machine.bootloader()</c> (mpflash waits up to 10 s).</summary>
        public TimeSpan BootselDeviceAppears { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// An ESP32's native USB port appears (the ROM's after <c>machine.bootloader()</c>, MicroPython's after the reset
        /// that leaves the ROM); ESP-Decoder's reconnect timeout is 15 s (§3.7).
        /// </summary>
        public TimeSpan NativeUsbPortAppears { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>The application's REPL answers again after flashing (mpflash: 10 probes 1 s apart).</summary>
        public TimeSpan ReplReturns { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// How long the board's bootloader device may stay on the bus after it was told to start the application before
        /// the board counts as back in its bootloader (a DFU jumper, §4): a Pico leaves 500 ms after REBOOT, a DFU device
        /// at once [I].
        /// </summary>
        public TimeSpan BootloaderLeaveGrace { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How often the bus or the port is looked at while waiting (mpflash polls every 0.25 s).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// How long to listen after <c>machine.bootloader()</c>'s <c>OK</c> for a traceback (firmware without it, §3.0 step
        /// 5): the statement sleeps 100 ms before the call, so a refusal comes after that [I].
        /// </summary>
        public TimeSpan BootloaderRefusalWindow { get; set; } = TimeSpan.FromMilliseconds(400);

        /// <summary>How long one REPL probe may take while waiting for the board to return (one try of the entry).</summary>
        public TimeSpan ReplProbe { get; set; } = TimeSpan.FromSeconds(3);
    }
}
