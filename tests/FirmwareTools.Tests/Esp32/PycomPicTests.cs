using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Pycom;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// -Before PycomPic (issue 8 item 3) against a virtual Pycom PIC in front of the virtual ESP32: a carrier with no
/// auto-reset lines and no jumper, where only the PIC's command channel (5 data bits) can put the module in its loader.
/// </summary>
public sealed class PycomPicTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pycom-pic-").FullName;
    private readonly VirtualSerialLink link = new("/dev/ttyACM0");
    private readonly VirtualEsp32Board board = new(new VirtualEsp32Settings { TimeScale = 0, ModemLinesWired = false, StrapJumperFitted = false });
    private readonly VirtualPycomPic pic;

    public PycomPicTests()
    {
        pic = new VirtualPycomPic(link, board);
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10)));
    }

    public void Dispose()
    {
        link.Host.Dispose();
        pic.Dispose();
        board.Dispose();
        Directory.Delete(dir, true);
    }

    private (Esp32InstallRequest Request, byte[] Image) Job(Esp32AfterMode after)
    {
        byte[] image = Esp32TestImage.FirmwareLike(segmentLengths: [0x1800, 0x1400], seed: 21);
        string path = Path.Combine(dir, "micropython.bin");
        File.WriteAllBytes(path, image);
        return (new Esp32InstallRequest
        {
            Port = link.Host.PortName,
            Regions = [new Esp32Region(0x1000, path)],
            Before = Esp32BeforeMode.PycomPic,
            After = after,
            Timeouts = Esp32RomClientTests.TestTimeouts,
            ConnectAttempts = 2,
            PicResetPulse = TimeSpan.FromMilliseconds(2),
            PicResetRecovery = TimeSpan.FromMilliseconds(2),
        }, image);
    }

    private Esp32InstallResult Install(Esp32InstallRequest request, List<string>? log = null) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => link.Host, null, (level, message) => log?.Add(message));

    private static string Magic(ushort address, byte and = 0xFF, byte or = 0) => new LoggedPicCommand(VirtualPycomPic.CMD_MAGIC, address, and, or, 0).ToString();

    private static readonly string[] Enter =
    [
        "0x11", "0x12",
        Magic(VirtualPycomPic.TRISA, and: 0xDF), Magic(VirtualPycomPic.PORTA, and: 0xDF), // RA5 low
        Magic(VirtualPycomPic.TRISC, and: 0xFE), Magic(VirtualPycomPic.PORTC, and: 0xFE), // RC0 (GPIO0) low
        Magic(VirtualPycomPic.TRISC, and: 0xDF), Magic(VirtualPycomPic.PORTC, and: 0xDF), // RC5 (EN) low ...
        Magic(VirtualPycomPic.PORTC, or: 0x20), Magic(VirtualPycomPic.TRISC, or: 0x20),   // ... and released
    ];

    private static readonly string[] Exit =
    [
        Magic(VirtualPycomPic.TRISA, and: 0xDF), Magic(VirtualPycomPic.PORTA, or: 0x20), // RA5 high
        Magic(VirtualPycomPic.TRISC, or: 0x01),                                          // RC0 an input: GPIO0 released
        Magic(VirtualPycomPic.TRISC, and: 0xDF), Magic(VirtualPycomPic.PORTC, and: 0xDF),
        Magic(VirtualPycomPic.PORTC, or: 0x20), Magic(VirtualPycomPic.TRISC, or: 0x20),
    ];

    [Fact]
    public void The_PIC_puts_the_module_in_its_loader_and_after_the_write_back_to_its_firmware()
    {
        (Esp32InstallRequest request, byte[] image) = Job(Esp32AfterMode.HardReset);
        int bootsBefore = board.BootCount;
        var log = new List<string>();
        Esp32InstallResult result = Install(request, log);

        Assert.Equal(Enter.Concat(Exit), pic.Commands.Select(c => c.ToString()));
        Assert.Equal(image, board.Flash.Contents.AsSpan(0x1000, image.Length).ToArray());
        Assert.True(result.Reset);
        Assert.Equal(2, pic.ResetPulses);
        Assert.False(pic.Ra5Low);
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10)));
        Assert.Equal(bootsBefore + 2, board.BootCount);
        Assert.Equal(8, link.Device.HostDataBits);
        Assert.Contains(log, l => l.Contains("product id 0xEF98, firmware 6"));

        // No DTR/RTS reset was tried: the PIC did it.
        Assert.DoesNotContain(log, l => l.Contains("Attempt"));
    }

    [Fact]
    public void After_NoReset_leaves_the_module_in_its_loader()
    {
        (Esp32InstallRequest request, _) = Job(Esp32AfterMode.NoReset);
        Esp32InstallResult result = Install(request);
        Assert.False(result.Reset);
        Assert.Equal(Enter, pic.Commands.Select(c => c.ToString()));
        Assert.True(pic.Ra5Low);
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
    }

    [Fact]
    public void A_PIC_that_does_not_answer_is_a_clear_error_and_nothing_is_written()
    {
        pic.Answers = false;
        byte[] before = (byte[])board.Flash.Contents.Clone();
        (Esp32InstallRequest request, _) = Job(Esp32AfterMode.HardReset);
        var e = Catalogued.Throws("PycomPicNoAnswer", () => Install(request));
        Assert.Equal("PycomPicNoAnswer", e.ErrorId);
        Assert.Equal("/dev/ttyACM0", e.Target);
        Assert.Contains("No Pycom PIC answered on /dev/ttyACM0", e.Message);
        Assert.Contains("-Before NoReset", e.RecommendedAction);
        Assert.Empty(board.Commands);
        Assert.Equal(before, board.Flash.Contents);
        Assert.Equal(Esp32BoardState.RunApp, board.State);
    }

    [Fact]
    public void A_PIC_with_firmware_older_than_6_is_refused()
    {
        pic.FirmwareVersion = 5;
        (Esp32InstallRequest request, _) = Job(Esp32AfterMode.HardReset);
        var e = Catalogued.Throws("PycomPicNoAnswer", () => Install(request));
        Assert.Contains("PIC firmware is version 5", e.Message);
        Assert.Equal(["0x11"], pic.Commands.Select(c => c.ToString()));
        Assert.Empty(board.Commands);
    }

    [Fact]
    public void A_failed_DefaultReset_on_a_Pycom_PIC_port_suggests_Before_PycomPic()
    {
        (Esp32InstallRequest request, _) = Job(Esp32AfterMode.HardReset);
        var log = new List<string>();
        Assert.Throws<Esp32NoAnswerException>(() => Install(request with { Before = Esp32BeforeMode.DefaultReset, PortUsbId = (0x04D8, 0xEF98) }, log));
        Assert.Contains(log, l => l.Contains("run again with -Before PycomPic"));
        Assert.Empty(pic.Commands);
    }

    [Fact]
    public void A_failed_DefaultReset_elsewhere_does_not_mention_the_PIC()
    {
        (Esp32InstallRequest request, _) = Job(Esp32AfterMode.HardReset);
        var log = new List<string>();
        Assert.Throws<Esp32NoAnswerException>(() => Install(request with { Before = Esp32BeforeMode.DefaultReset, PortUsbId = (0x10C4, 0xEA60) }, log));
        Assert.DoesNotContain(log, l => l.Contains("PycomPic"));
    }

    [Fact]
    public void The_usb_id_of_a_port_is_found_by_name()
    {
        var ports = new[]
        {
            new FirmwareTools.Protocols.Serial.SerialPortInfo("/dev/ttyACM0") { VendorId = 0x04D8, ProductId = 0xF012 },
            new FirmwareTools.Protocols.Serial.SerialPortInfo("/dev/cu.usbmodemPy1") { VendorId = 0x04D8, ProductId = 0xF013 },
            new FirmwareTools.Protocols.Serial.SerialPortInfo("/dev/ttyS0"),
        };
        Assert.Equal(((ushort)0x04D8, (ushort)0xF012), Esp32Installer.UsbIdOf("/dev/ttyACM0", ports));
        Assert.Equal(((ushort)0x04D8, (ushort)0xF013), Esp32Installer.UsbIdOf("/dev/tty.usbmodemPy1", ports));
        Assert.Null(Esp32Installer.UsbIdOf("/dev/ttyS0", ports));
        Assert.Null(Esp32Installer.UsbIdOf("rfc2217://127.0.0.1:4000", ports));
        Assert.True(FirmwareTools.Protocols.Serial.KnownSerialDevices.IsPycomPic(0x04D8, 0xEF98));
        Assert.False(FirmwareTools.Protocols.Serial.KnownSerialDevices.IsPycomPic(0x04D8, 0x000A));
    }
}
