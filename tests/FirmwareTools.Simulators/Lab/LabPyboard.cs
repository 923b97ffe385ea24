using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Samples;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A PYBV11 in the lab: MicroPython (F055:9800 with the serial its unique id gives, docs/protocols/board-update.md §2.1)
/// until <c>machine.bootloader()</c>, then the F405's ROM DFU device (<see cref="VirtualStm32Bootloader"/>) over the same
/// flash; leaving DFU starts the application again.
/// </summary>
public sealed class LabPyboard : LabUsbBoard<VirtualStm32Bootloader>
{
    private readonly byte[] uniqueId;
    private readonly VirtualMemoryArea[] memory;
    private readonly VirtualStm32BootloaderSettings bootloaderSettings;
    private UsbDeviceLocation location;

    public LabPyboard(VirtualUsbBus bus, string portName, UsbDeviceLocation location, byte[] uniqueId, string version, DateTime date, LabBoardSettings settings)
        : base(LabBoardKind.Pyboard, portName, settings, bus)
    {
        this.location = location;
        this.uniqueId = uniqueId;
        UsbSerial = UsbSerialOf(uniqueId);
        bootloaderSettings = new VirtualStm32BootloaderSettings
        {
            TimeScale = settings.TimeScale,
            ReturnToBootloaderAfterLeave = settings.ReturnsToBootloaderAfterLeave,
        };
        memory = new VirtualStm32Bootloader(UsbSerial, location, bootloaderSettings).Memory;
        LoadFirmware(version, date);
        new Random(uniqueId[9]).NextBytes(memory[0].Bytes.AsSpan(FilesystemStart, FilesystemEnd - FilesystemStart));
        StartWith(PyboardApplicationDescriptors.Create(location, UsbSerial));
    }

    /// <summary>
    /// The USB serial MicroPython's stm32 port prints (§2.1), written here from the note rather than borrowed: the bytes
    /// [11] [10]+[2] [9] [8]+[0] [7] [6] as %02X, each sum cut to 8 bits (the form TinyUSB and the ROM show).
    /// </summary>
    public static string UsbSerialOf(byte[] uid) =>
        string.Concat(new[] { uid[11], uid[10] + uid[2], uid[9], uid[8] + uid[0], uid[7], uid[6] }.Select(v => (v & 0xFF).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public string UsbSerial { get; }

    /// <summary>The user's files: the F405's sectors 1-4 (0x08004000-0x0801FFFF), filled with the board's own bytes at the start.</summary>
    public byte[] Filesystem => memory[0].Bytes[FilesystemStart..FilesystemEnd];

    private const int FilesystemStart = 0x4000;

    private const int FilesystemEnd = 0x20000;

    public override string UniqueIdHex => Convert.ToHexString(uniqueId).ToLowerInvariant();

    /// <summary>The DFU device while the board is in its bootloader.</summary>
    public VirtualStm32Bootloader? Bootloader => CurrentBootloader;

    protected override string Platform => "pyboard";

    /// <summary>Writes a release's elements into flash as a completed install would (the lab's starting state).</summary>
    public void LoadFirmware(string version, DateTime date)
    {
        byte[] flash = memory[0].Bytes;
        LabFirmware.PyboardVectors().CopyTo(flash, 0);
        byte[] text = LabFirmware.PyboardText(version, date);
        text.CopyTo(flash, (int)(PyboardSampleDfu.TextAddress - VirtualStm32Bootloader.FlashStart));
    }

    protected override byte[] FlashImage() => memory[0].Bytes;

    protected override VirtualStm32Bootloader NewBootloader()
    {
        location = new UsbDeviceLocation(location.BusNumber, (byte)(location.DeviceAddress + 1), location.PortPath);
        return new VirtualStm32Bootloader(Settings.BootloaderSerialOverride ?? UsbSerial, location, bootloaderSettings, memory);
    }

    protected override void Follow(VirtualStm32Bootloader bootloader) =>
        bootloader.Reenumerated += (_, next) =>
        {
            location = next.Location;
            Reenumerated(next);
        };
}
