
namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// How the virtual STM32F405 ROM bootloader behaves. Every [I] or [U] fact of docs/protocols/dfu-dfuse.md that the
/// simulator depends on is a named setting here, with the note's value as the default.
/// </summary>
public sealed class VirtualStm32BootloaderSettings
{
    /// <summary>State after power-up. A fresh ST ROM session often starts in dfuERROR/errFIRMWARE [O].</summary>
    public BootloaderState InitialState { get; set; } = BootloaderState.dfuERROR;

    /// <summary>Status after power-up; paired with <see cref="InitialState"/>.</summary>
    public BootloaderStatus InitialStatus { get; set; } = BootloaderStatus.errFIRMWARE;

    /// <summary>wTransferSize, as in the functional descriptor; also the fixed size in the DfuSe address formula (§4.1).</summary>
    public int TransferSize { get; set; } = 2048;

    /// <summary>bwPollTimeout (ms) in the first reply after an erase command (§6.3) [O].</summary>
    public uint ErasePollTimeoutMs { get; set; } = 100;

    /// <summary>bwPollTimeout (ms) in the first reply after set-address, a data block or any other command (§6.3) [O].</summary>
    public uint CommandPollTimeoutMs { get; set; } = 104;

    /// <summary>bwPollTimeout (ms) in the dfuMANIFEST reply (the Cube library sends 1; the ROM example in §3.2 shows 0).</summary>
    public uint ManifestPollTimeoutMs { get; set; }

    /// <summary>
    /// Multiply the reported bwPollTimeout values by <see cref="TimeScale"/> too. Off by default: the wire carries
    /// the ROM's values. Turn it on for a host that sleeps bwPollTimeout (dfu-util, webdfu) in a time-scaled run,
    /// so its sleeps shrink with the device's work.
    /// </summary>
    public bool ScaleReportedPollTimeouts { get; set; }

    public ClrStatusOutsideError ClrStatusOutsideError { get; set; } = ClrStatusOutsideError.CubeErrUnknown;

    public BusyBehavior BusyBehavior { get; set; } = BusyBehavior.HoldOff;

    /// <summary>Which DS8626 column the erase and program times come from [U].</summary>
    public FlashVoltageRange VoltageRange { get; set; } = FlashVoltageRange.X32;

    /// <summary>Use the datasheet maxima instead of the typical values [U].</summary>
    public bool UseMaximumFlashTimes { get; set; }

    /// <summary>Multiplies every modelled duration (flash, USB, the host's timeouts as the device sees them). 1.0 is real time; tests use 0.001.</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>Time one control transfer takes on a full-speed bus before its data: about one 1 ms frame.</summary>
    public TimeSpan ControlTransferTime { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Extra time per 64-byte packet of a control transfer's data stage (64 bytes at 12 Mbit/s with overhead).</summary>
    public TimeSpan ControlPacketTime { get; set; } = TimeSpan.FromMilliseconds(0.06);

    /// <summary>
    /// What programming over non-erased bytes reports. null (the default) is what F4 flash does: the result is
    /// old AND new and no error (§6.4). errPROG or errWRITE make it a detected fault instead.
    /// </summary>
    public BootloaderStatus? NonErasedWriteStatus { get; set; }

    /// <summary>RDP level 1: read, write and erase end in dfuERROR/errVENDOR (§4.2). Sets the RDP option byte to 0x55.</summary>
    public bool ReadProtected { get; set; }

    /// <summary>
    /// Under RDP, Set Address also fails with errVENDOR (Betaflight's observation on F4/F7 ROMs) [O]; AN2662
    /// says it still works. Default follows the F4 observation.
    /// </summary>
    public bool ReadProtectionRejectsSetAddress { get; set; } = true;

    /// <summary>The BOOT0 jumper is fitted: a reset brings the bootloader back instead of the application.</summary>
    public bool BootJumperFitted { get; set; }

    /// <summary>
    /// Not a hardware behaviour: a convenience of <c>serve-dfu --stay-in-dfu</c>. After it leaves DFU mode the board comes
    /// straight back in its bootloader without leaving the bus, as if its owner ran machine.bootloader() at once, so
    /// README's steps (back up, install, restore) can follow one another on one served board.
    /// </summary>
    public bool ReturnToBootloaderAfterLeave { get; set; }

    /// <summary>After leave or reset, plug the next device (application or bootloader) into the bus the device sits on.</summary>
    public bool Reenumerate { get; set; } = true;

    /// <summary>Erase time of one sector of <paramref name="size"/> bytes in the configured column (DS8626 Table 40) [U].</summary>
    public TimeSpan SectorEraseTime(int size)
    {
        // Columns: x8, x16, x32; typical then maximum (milliseconds).
        (double typ, double max) = (size, VoltageRange) switch
        {
            (<= 16 * 1024, FlashVoltageRange.X8) => (400, 800),
            (<= 16 * 1024, FlashVoltageRange.X16) => (300, 600),
            (<= 16 * 1024, _) => (250, 500),
            (<= 64 * 1024, FlashVoltageRange.X8) => (1200, 2400),
            (<= 64 * 1024, FlashVoltageRange.X16) => (700, 1400),
            (<= 64 * 1024, _) => (550, 1100),
            (_, FlashVoltageRange.X8) => (2000, 4000),
            (_, FlashVoltageRange.X16) => (1300, 2600),
            (_, _) => (1000, 2000),
        };
        return TimeSpan.FromMilliseconds(UseMaximumFlashTimes ? max : typ);
    }

    /// <summary>Mass erase time (tME) in the configured column.</summary>
    public TimeSpan MassEraseTime => TimeSpan.FromMilliseconds((VoltageRange, UseMaximumFlashTimes) switch
    {
        (FlashVoltageRange.X8, false) => 16000,
        (FlashVoltageRange.X8, true) => 32000,
        (FlashVoltageRange.X16, false) => 11000,
        (FlashVoltageRange.X16, true) => 22000,
        (_, false) => 8000,
        (_, true) => 16000,
    });

    /// <summary>tPROG per program unit: 16 µs typical, 100 µs maximum [U]/[S].</summary>
    public TimeSpan ProgramUnitTime => TimeSpan.FromTicks(UseMaximumFlashTimes ? 1000 : 160);

    /// <summary>Time to program <paramref name="bytes"/> bytes: one tPROG per byte, half-word or word.</summary>
    public TimeSpan ProgramTime(int bytes)
    {
        int unit = (int)VoltageRange;
        long units = (bytes + unit - 1) / unit;
        return TimeSpan.FromTicks(ProgramUnitTime.Ticks * units);
    }

    public VirtualStm32BootloaderSettings Clone() => (VirtualStm32BootloaderSettings)MemberwiseClone();
}
