using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Tests.Dfu;

/// <summary>A virtual F405 bootloader on a virtual bus, time-scaled for tests, and a client on alt 0.</summary>
internal sealed class DfuTestBoard
{
    public DfuTestBoard(Action<VirtualStm32BootloaderSettings>? configure = null)
    {
        var settings = new VirtualStm32BootloaderSettings { TimeScale = 0.001 };
        configure?.Invoke(settings);
        Device = new VirtualStm32Bootloader("3061B4493536", null, settings);
        Bus = new VirtualUsbBus(Device);
        Client = new DfuSeClient(Device, 0, 0, 2048, (level, message) => Log.Add($"{level}: {message}")) { DeviceName = "pyboard 3061B4493536" };
    }

    public VirtualUsbBus Bus { get; }

    public VirtualStm32Bootloader Device { get; }

    public DfuSeClient Client { get; }

    public List<string> Log { get; } = [];

    /// <summary>bRequest of every class request from number <paramref name="from"/> on.</summary>
    public byte[] Requests(int from = 1) => Device.RequestLog.Where(r => r.Number >= from).Select(r => r.Request).ToArray();

    public bool UnprotectWasSent => Device.RequestLog.Any(r => r.IsDfuSeCommand(DfuSeCommand.ReadUnprotect));

    public static byte[] Pattern(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        random.NextBytes(data);
        return data;
    }
}
