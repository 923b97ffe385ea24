using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// Virtual pyboards in DFU mode (the STM32F405 ROM bootloader simulator), each behind its own loopback USB bridge
/// bound to port 0, so the module reaches them exactly as a user reaches serve-dfu: through
/// FIRMWARETOOLS_USB_BRIDGE (<see cref="BridgeAddress"/>, comma-separated when there are several).
/// </summary>
public sealed class VirtualBench : IDisposable
{
    private readonly List<UsbBridgeServer> servers = [];
    private readonly List<VirtualUsbBus> buses = [];

    private VirtualBench(IEnumerable<string> serials, Action<VirtualStm32BootloaderSettings>? configure)
    {
        byte port = 4;
        foreach (string serial in serials)
        {
            // Flash timing scaled down: the tests prove behaviour, the benchmarks measure speed.
            var settings = new VirtualStm32BootloaderSettings { TimeScale = 0.001 };
            configure?.Invoke(settings);
            var board = new VirtualStm32Bootloader(serial, new UsbDeviceLocation(1, port, $"1-1.{port}"), settings);
            port++;
            buses.Add(new VirtualUsbBus(board));
            servers.Add(UsbBridgeServer.Start(board));
            Boards.Add(board);
        }
    }

    public List<VirtualStm32Bootloader> Boards { get; } = [];

    /// <summary>The value for FIRMWARETOOLS_USB_BRIDGE: 127.0.0.1:PORT[,127.0.0.1:PORT...] in board order.</summary>
    public string BridgeAddress => string.Join(",", servers.Select(s => $"127.0.0.1:{s.Port}"));

    /// <summary>One virtual pyboard per serial number.</summary>
    public static VirtualBench Start(params string[] serials) => new(serials, null);

    /// <summary>Virtual pyboards with adjusted simulator settings.</summary>
    public static VirtualBench Start(Action<VirtualStm32BootloaderSettings> configure, params string[] serials) => new(serials, configure);

    public void Dispose()
    {
        foreach (UsbBridgeServer server in servers)
        {
            server.Dispose();
        }

        foreach (VirtualUsbBus bus in buses)
        {
            bus.Dispose();
        }
    }
}
