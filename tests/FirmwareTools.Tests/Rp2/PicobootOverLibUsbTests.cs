using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Tests.Usb;
using Xunit;

namespace FirmwareTools.Tests.Rp2;

/// <summary>PICOBOOT through LibUsbDevice's libusb_bulk_transfer and libusb_clear_halt (bound to the managed stand-in for libusb).</summary>
public sealed class PicobootOverLibUsbTests
{
    [Fact]
    public void Bulk_transfers_and_clear_halt_go_through_the_libusb_binding()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        using var libusb = new FakeLibUsb((rom, [1, 3]));
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        using IUsbDevice device = backend.GetDevices().Single();
        using PicobootConnection picoboot = PicobootConnection.Open(device, "RP2350 at 1-1.3");
        byte[] page = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 512);

        picoboot.FlashErase(0x10000000, 4096);
        picoboot.Write(0x10000000, page);
        var e = Catalogued.Throws("PicobootCommandFailed", () => picoboot.Execute(PicobootCommand.FlashErase(0x10000100, 4096), null));

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.BadAlignment)} ({(uint)PicobootStatusCode.BadAlignment}).", e.Message, StringComparison.Ordinal);
        Assert.False(rom.InHalted || rom.OutHalted);
        Assert.Equal(page, picoboot.Read(0x10000000, 512));
    }

    [Fact]
    public void The_real_libusb_has_the_bulk_exports_the_binding_requires()
    {
        LibUsbLibrary library = LibUsbLibrary.Shared;

        Assert.NotNull(library.bulk_transfer);
        Assert.NotNull(library.clear_halt);
    }
}
