using System.Runtime.InteropServices;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

public class LibUsbErrorTests
{
    private static readonly UsbDeviceLocation Location = new(1, 7, "1-1.4");

    [Theory]
    [InlineData(-9, typeof(UsbStallException), "UsbStall")]
    [InlineData(-7, typeof(UsbTimeoutException), "UsbTimeout")]
    [InlineData(-4, typeof(UsbDeviceGoneException), "UsbDeviceGone")]
    [InlineData(-1, typeof(UsbIOException), "UsbIOError")]
    [InlineData(-6, typeof(UsbIOException), "UsbIOError")]
    [InlineData(-99, typeof(UsbIOException), "UsbIOError")]
    public void Libusb_codes_map_to_the_module_exceptions(int code, Type type, string errorId)
    {
        UsbTransferException ex = LibUsbError.ToException(code, "GETSTATUS", "0483:df11 (bus 1, port path 1-1.4)");

        Assert.IsType(type, ex);
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal("0483:df11 (bus 1, port path 1-1.4)", ex.Target);
        Assert.Contains(LibUsbError.Name(code), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_errors_carry_the_libusb_error_name()
    {
        var ex = Assert.IsType<UsbIOException>(LibUsbError.ToException(-6, "claiming interface 0", "dev", "LIBUSB_ERROR_BUSY"));
        Assert.Equal("LIBUSB_ERROR_BUSY", ex.ErrorName);
        Assert.Contains("claiming interface 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Access_denied_on_linux_names_the_device_and_gives_the_udev_rule()
    {
        UsbAccessDeniedException ex = LibUsbError.AccessDenied(-3, OSPlatform.Linux, 0x0483, 0xDF11, Location)!;

        Assert.Equal("UsbAccessDenied", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("0483:df11", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bus 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1-1.4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LIBUSB_ERROR_ACCESS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/udev/rules.d/49-stm32-dfu.rules", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"0483\", ATTRS{idProduct}==\"df11\", TAG+=\"uaccess\"", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("sudo udevadm control --reload-rules && sudo udevadm trigger", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Access_denied_rule_for_another_device_uses_its_ids()
    {
        UsbAccessDeniedException ex = LibUsbError.AccessDenied(-3, OSPlatform.Linux, 0x1209, 0x0001, Location)!;
        Assert.Contains("ATTRS{idVendor}==\"1209\", ATTRS{idProduct}==\"0001\"", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("stm32", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-12)]
    [InlineData(-5)]
    public void Windows_open_failures_from_a_missing_driver_point_to_zadig(int code)
    {
        UsbAccessDeniedException ex = LibUsbError.AccessDenied(code, OSPlatform.Windows, 0x0483, 0xDF11, Location)!;
        Assert.Contains("Zadig", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("WinUSB", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("\"STM32 BOOTLOADER\"", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-12)]
    [InlineData(-4)]
    [InlineData(-1)]
    public void Other_open_failures_on_linux_are_not_access_denied(int code)
    {
        Assert.Null(LibUsbError.AccessDenied(code, OSPlatform.Linux, 0x0483, 0xDF11, Location));
    }

    [Theory]
    [InlineData(0, 1u)]
    [InlineData(1, 1u)]
    [InlineData(1000, 1000u)]
    [InlineData(20000, 20000u)]
    public void Timeouts_never_become_libusbs_unlimited_zero(int ms, uint expected)
    {
        Assert.Equal(expected, LibUsbDevice.TimeoutMilliseconds(TimeSpan.FromMilliseconds(ms)));
        Assert.Equal(0u, LibUsbDevice.TimeoutMilliseconds(Timeout.InfiniteTimeSpan));
    }
}
