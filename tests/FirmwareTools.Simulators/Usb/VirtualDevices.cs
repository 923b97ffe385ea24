using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Usb;

/// <summary>Ready-made descriptor-serving devices for the virtual bus.</summary>
public static class VirtualDevices
{
    /// <summary>The STM32F405 ROM bootloader's descriptors and strings (no DFU behaviour; see the full bootloader simulator for that).</summary>
    public static VirtualUsbDevice Stm32Bootloader(string serial, UsbDeviceLocation location) =>
        new(location, Stm32F405BootloaderDescriptors.Device(), [Stm32F405BootloaderDescriptors.Configuration()], Stm32F405BootloaderDescriptors.Strings(serial));

    /// <summary>A pyboard running MicroPython (CDC + mass storage, no DFU interface).</summary>
    public static VirtualUsbDevice MicroPythonBoard(string serial, UsbDeviceLocation location) =>
        new(location, MicroPythonBoardDescriptors.Device(), [MicroPythonBoardDescriptors.Configuration()], MicroPythonBoardDescriptors.Strings(serial));

    /// <summary>An application with a DFU 1.1 run-time interface.</summary>
    public static VirtualUsbDevice DfuRuntimeDevice(string serial, UsbDeviceLocation location) =>
        new(location, DfuRuntimeDeviceDescriptors.Device(), [DfuRuntimeDeviceDescriptors.Configuration()], DfuRuntimeDeviceDescriptors.Strings(serial));

    /// <summary>A location on bus 1 behind the given hub ports ("1-1.4" for ports 1, 4).</summary>
    public static UsbDeviceLocation At(byte bus, byte address, params byte[] ports) =>
        new(bus, address, $"{bus}-{string.Join(".", ports)}");
}
