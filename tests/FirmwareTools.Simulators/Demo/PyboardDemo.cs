using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// README's pyboard workflow on a virtual STM32F405 bootloader (with a filesystem in sectors 1-4) served over the
/// loopback USB bridge, so the module reaches it through FIRMWARETOOLS_USB_BRIDGE exactly as it reaches serve-dfu.
/// </summary>
public sealed class PyboardDemo : IDemoBoard
{
    public const string FirmwareName = "PYBV11-demo.dfu";
    private const int FilesystemStart = 0x4000;
    private const int FilesystemLength = 0x1C000;

    private VirtualStm32Bootloader? board;
    private VirtualUsbBus? bus;
    private UsbBridgeServer? bridge;
    private byte[] filesystem = [];

    public string Title => "a pyboard in DFU mode (virtual STM32F405 ROM bootloader)";

    public IReadOnlyList<DemoStep> Steps { get; } =
    [
        new("List the boards in DFU mode.", "Get-DfuDevice"),
        new("Check the firmware file: its elements and the sectors flashing would erase (1-4 hold your files).", $"Get-FirmwareInfo -Path ./{FirmwareName}"),
        new("Back up the whole flash first.", "Get-DfuDevice | Backup-PyboardFirmware -Path ./pyboard-backup.bin"),
        new("Flash, verify by reading back, and leave DFU mode.", $"Get-DfuDevice | Install-PyboardFirmware -Path ./{FirmwareName} -Verify -Confirm:$false"),
    ];

    public IReadOnlyDictionary<string, string> Start(string folder, double timeScale)
    {
        board = new VirtualStm32Bootloader("3061B4493536", new UsbDeviceLocation(1, 4, "1-1.4"), new VirtualStm32BootloaderSettings { TimeScale = timeScale });
        filesystem = Random(FilesystemLength, 1);
        Array.Copy(filesystem, 0, board.Flash, FilesystemStart, filesystem.Length);
        bus = new VirtualUsbBus(board);
        bridge = UsbBridgeServer.Start(board);

        // A firmware shaped like MicroPython's PYBV11 .dfu: vectors at 0x08000000, text at 0x08020000.
        File.WriteAllBytes(Path.Combine(folder, FirmwareName), new Samples.PyboardSampleDfu().Build());
        return new Dictionary<string, string> { [RemoteUsbBackend.EnvironmentVariable] = $"127.0.0.1:{bridge.Port}" };
    }

    public bool Check(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (board is null || bus is null)
        {
            return false;
        }

        IUsbDevice? application = bus.GetDevices().SingleOrDefault();
        bool filesKept = filesystem.AsSpan().SequenceEqual(board.Flash.AsSpan(FilesystemStart, filesystem.Length));
        if (application is null)
        {
            output.WriteLine("After: the board did not come back on the bus.");
            return false;
        }

        byte[] descriptor = application.GetDeviceDescriptor();
        output.WriteLine($"After: the board re-enumerated as {descriptor[9]:x2}{descriptor[8]:x2}:{descriptor[11]:x2}{descriptor[10]:x2} (MicroPython) at {application.Location.PortPath}; " +
                         $"filesystem sectors 1-4 {filesystem.Length} bytes {(filesKept ? "unchanged" : "CHANGED")}.");
        return filesKept && descriptor[8] == 0x55 && descriptor[9] == 0xf0;
    }

    public void Dispose()
    {
        bridge?.Dispose();
        bus?.Dispose();
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
