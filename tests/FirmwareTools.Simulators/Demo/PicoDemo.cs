using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// README's Pico workflow on a virtual Pico 2 (RP2350 boot ROM in BOOTSEL mode, with MicroPython files in its
/// filesystem) served over the loopback USB bridge, as serve-rp2 serves it: list it, check the .uf2, write, read back, reboot.
/// </summary>
public sealed class PicoDemo : IDemoBoard
{
    public const string FirmwareName = "RPI_PICO2-demo.uf2";
    private const int FirmwareLength = 300 * 1024;

    private VirtualPico? pico;
    private byte[] filesystem = [];
    private byte[] firmware = [];

    public string Title => "a Raspberry Pi Pico 2 in BOOTSEL mode (virtual RP2350 boot ROM)";

    public IReadOnlyList<DemoStep> Steps { get; } =
    [
        new("List the boards in BOOTSEL mode.", "Get-Rp2Device"),
        new("Check the .uf2: its runs, what it writes and erases (the E10 block is never written).", $"Get-FirmwareInfo -Path ./{FirmwareName}"),
        new("Write it over PICOBOOT, read it back, reboot into MicroPython; the RPI_PICO2 filesystem is kept.", $"Install-Rp2Firmware -Path ./{FirmwareName} -Board RPI_PICO2 -Confirm:$false"),
    ];

    public IReadOnlyDictionary<string, string> Start(string folder, double timeScale)
    {
        VirtualRp2Settings settings = VirtualRp2Settings.Realistic(Rp2Chip.Rp2350);
        settings.TimeScale = timeScale;
        settings.ChipId = 0x3C2A1F0E9D8B7A65;
        pico = new VirtualPico(settings, new UsbDeviceLocation(1, 6, "1-1.6"));
        Rp2BoardProfile board = Rp2BoardProfile.Find("RPI_PICO2")!;
        filesystem = new byte[board.Filesystem.Length];
        new Random(5).NextBytes(filesystem);
        pico.Rom.Flash.Load(board.FilesystemStart - Rp2BoardProfile.FlashBase, filesystem);
        firmware = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, FirmwareLength, seed: 6);
        File.WriteAllBytes(Path.Combine(folder, FirmwareName), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, FirmwareLength, seed: 6));
        return new Dictionary<string, string> { [RemoteUsbBackend.EnvironmentVariable] = pico.BridgeAddress };
    }

    public bool Check(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (pico is null)
        {
            return false;
        }

        Rp2BoardProfile board = Rp2BoardProfile.Find("RPI_PICO2")!;
        bool written = pico.Rom.Flash.Read(Rp2BoardProfile.FlashBase, firmware.Length).AsSpan().SequenceEqual(firmware);
        bool filesKept = pico.Rom.Flash.Read(board.FilesystemStart, filesystem.Length).AsSpan().SequenceEqual(filesystem);
        if (!pico.Rom.Rebooted.Wait(TimeSpan.FromSeconds(30)))
        {
            output.WriteLine("After: the board did not reboot.");
            return false;
        }

        byte[] descriptor = pico.Current.GetDeviceDescriptor();
        output.WriteLine($"After: flash holds the {firmware.Length} bytes of {FirmwareName} exactly{(written ? string.Empty : " - NO, IT DIFFERS")}; " +
                         $"the board rebooted as {descriptor[9]:x2}{descriptor[8]:x2}:{descriptor[11]:x2}{descriptor[10]:x2} (MicroPython); " +
                         $"filesystem {filesystem.Length} bytes {(filesKept ? "unchanged" : "CHANGED")}.");
        return written && filesKept && descriptor[10] == 0x05;
    }

    public void Dispose() => pico?.Dispose();
}
