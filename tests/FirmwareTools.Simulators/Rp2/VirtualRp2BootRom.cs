using System.Diagnostics;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// A Raspberry Pi RP2040 or RP2350 in BOOTSEL mode (docs/protocols/rp2-uf2-picoboot.md §5): the USB identity of §2.1, the PICOBOOT vendor interface of
/// §3 (this file's partner VirtualRp2BootRom.Picoboot.cs) and the BOOTSEL drive's UF2 write processing of §2.3
/// (VirtualRp2BootRom.Drive.cs), sharing one flash so exclusive access and interleaving interact. A reboot takes the device
/// off the bus after its delay and plugs in what boots: MicroPython (2E8A:0005) when the flash is bootable, BOOTSEL again otherwise.
/// </summary>
public sealed partial class VirtualRp2BootRom : VirtualUsbDevice
{
    private readonly object rom = new();
    private readonly TaskCompletionSource<VirtualUsbDevice> rebooted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public VirtualRp2BootRom(VirtualRp2Settings? settings = null, UsbDeviceLocation? location = null, VirtualRp2Flash? flash = null)
        : base(location ?? new UsbDeviceLocation(1, 7, "1-1.3"), Rp2BootselDescriptors.Device(Chosen(settings).Chip), [Rp2BootselDescriptors.Configuration(Chosen(settings).Chip)],
               Rp2BootselDescriptors.Strings(Chosen(settings).Chip, Chosen(settings).BootselSerial))
    {
        Settings = settings ?? new VirtualRp2Settings();
        Flash = flash ?? new VirtualRp2Flash(Settings.EffectiveFlashSize);
    }

    public VirtualRp2Settings Settings { get; }

    public VirtualRp2Faults Faults { get; } = new();

    public VirtualRp2Flash Flash { get; }

    public Rp2Chip Chip => Settings.Chip;

    public string SerialNumber => Settings.BootselSerial;

    /// <summary>Every PICOBOOT command received, in order.</summary>
    public List<LoggedPicobootCommand> Commands { get; } = [];

    /// <summary>Called with the device that enumerates after the reboot, before <see cref="Rebooted"/> completes (so a holder of the port sees it first).</summary>
    public event Action<VirtualUsbDevice>? Reenumerated;

    /// <summary>Completes with the device that enumerates after the reboot (MicroPython or BOOTSEL again).</summary>
    public Task<VirtualUsbDevice> Rebooted => rebooted.Task;

    /// <summary>True once a reboot is scheduled (every later command answers REBOOTING).</summary>
    public bool RebootScheduled { get; private set; }

    /// <summary>REBOOT2 flags of the scheduled reboot (RP2350), or the drive's architecture flag after a UF2 copy.</summary>
    public uint? RebootFlags { get; private set; }

    /// <summary>Called on the USB thread before each page a PICOBOOT WRITE programs, with the pages programmed so far (tests hold a board mid-write here).</summary>
    public Action<int>? BeforeProgramPage { get; set; }

    /// <summary>Flash work done while XIP was still active (the host skipped EXIT_XIP).</summary>
    public int FlashWorkWithXipActive { get; private set; }

    protected override void OnClaimInterface(int interfaceNumber)
    {
        if (interfaceNumber == Rp2RomProtocol.PicobootInterfaceNumber && Faults.InterfaceClaimedElsewhere)
        {
            throw new UsbIOException($"Interface {interfaceNumber} of {Describe()} is claimed by another program (LIBUSB_ERROR_BUSY).", Describe(), "LIBUSB_ERROR_BUSY");
        }
    }

    private static VirtualRp2Settings Chosen(VirtualRp2Settings? settings) => settings ?? new VirtualRp2Settings();

    /// <summary>Waits for a modelled duration (scaled): sleeps for the bulk, spins the last millisecond.</summary>
    private void Work(TimeSpan duration)
    {
        TimeSpan scaled = TimeSpan.FromTicks((long)(duration.Ticks * Settings.TimeScale));
        if (scaled <= TimeSpan.Zero)
        {
            return;
        }

        long end = Stopwatch.GetTimestamp() + (long)(scaled.TotalSeconds * Stopwatch.Frequency);
        if (scaled > TimeSpan.FromMilliseconds(2))
        {
            Thread.Sleep(scaled - TimeSpan.FromMilliseconds(1));
        }

        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < end)
        {
            spinner.SpinOnce(-1);
        }
    }

    private void TransferTime(int bytes)
    {
        if (Settings.BulkBytesPerSecond is double rate && bytes > 0)
        {
            Work(TimeSpan.FromSeconds(bytes / rate));
        }
    }

    /// <summary>Schedules the watchdog reboot: REBOOTING from now on, off the bus after <paramref name="delay"/>.</summary>
    private void ScheduleReboot(TimeSpan delay, bool bootFlash, uint? flags)
    {
        RebootScheduled = true;
        RebootFlags = flags;
        TimeSpan wait = TimeSpan.FromTicks((long)(delay.Ticks * Settings.TimeScale));
        if (wait <= TimeSpan.Zero)
        {
            // No delay modelled: the board is off the bus and its successor plugged in before the host's next request.
            Reboot(bootFlash);
        }
        else
        {
            _ = Task.Delay(wait).ContinueWith(_ => Reboot(bootFlash), TaskScheduler.Default);
        }
    }

    private void Reboot(bool bootFlash)
    {
        VirtualUsbBus? bus = Bus;
        Disconnect();
        VirtualUsbDevice next = bootFlash && Bootable()
            ? new VirtualUsbDevice(Location, Rp2BootselDescriptors.MicroPythonDevice(), [Rp2BootselDescriptors.MicroPythonConfiguration()], Rp2BootselDescriptors.MicroPythonStrings(RuntimeSerial()))
            : new VirtualRp2BootRom(Settings, Location, Flash);
        if (Settings.Reenumerate && bus != null)
        {
            TimeSpan boot = TimeSpan.FromTicks((long)(Settings.AppBootTime.Ticks * Settings.TimeScale));
            if (boot > TimeSpan.Zero)
            {
                Thread.Sleep(boot);
            }

            bus.Plug(next);
        }

        Reenumerated?.Invoke(next);
        rebooted.TrySetResult(next);
    }

    /// <summary>MicroPython's USB serial: 16 lowercase hex of the flash unique id (RP2040) or of the chip id (RP2350).</summary>
    private string RuntimeSerial() =>
        (Chip == Rp2Chip.Rp2040 ? Settings.FlashUniqueId : Settings.ChipId).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The ROM's own boot rule, written here rather than borrowed: RP2040 boot2 CRC-32/MPEG-2; RP2350 block marker in the first 4 KiB.</summary>
    private bool Bootable()
    {
        byte[] start = Flash.Read(Rp2RomProtocol.FlashStart, Rp2RomProtocol.SectorSize);
        if (Chip == Rp2Chip.Rp2040)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < 252; i++)
            {
                crc ^= (uint)start[i] << 24;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
                }
            }

            return crc == BitConverter.ToUInt32(start, 252);
        }

        for (int i = 0; i + 4 <= start.Length; i += 4)
        {
            if (BitConverter.ToUInt32(start, i) == 0xFFFFDED3)
            {
                return true;
            }
        }

        return false;
    }
}
