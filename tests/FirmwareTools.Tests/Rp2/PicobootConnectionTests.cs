using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Rp2;

/// <summary>The PICOBOOT client against the virtual RP2040 and RP2350 boot ROMs, in process and over the loopback USB bridge.</summary>
public sealed class PicobootConnectionTests : IDisposable
{
    private readonly List<IDisposable> owned = [];

    public void Dispose()
    {
        foreach (IDisposable d in owned.AsEnumerable().Reverse())
        {
            d.Dispose();
        }
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040, false)]
    [InlineData(Rp2Chip.Rp2040, true)]
    [InlineData(Rp2Chip.Rp2350, false)]
    [InlineData(Rp2Chip.Rp2350, true)]
    public void Erase_write_and_read_back_land_in_flash(Rp2Chip chip, bool overBridge)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        PicobootConnection picoboot = Connect(rom, overBridge);
        byte[] data = Rp2FirmwareImages.Bootable(chip, 40000, seed: 3).Concat(new byte[256 - (40000 % 256)]).ToArray();

        picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);
        picoboot.ExitXip();
        picoboot.FlashErase(0x10010000, 0xB000);
        picoboot.Write(0x10010000, data);
        byte[] back = picoboot.Read(0x10010000, data.Length);

        Assert.Equal(data, back);
        Assert.Equal(data, rom.Flash.Snapshot().AsSpan(0x10000, data.Length).ToArray());
        Assert.Equal(11, rom.Flash.SectorErases);
        Assert.Equal(data.Length / 256, rom.Flash.PagePrograms);
        Assert.Equal(0, rom.FlashWorkWithXipActive);
        Assert.Equal(1, rom.ExclusiveAccess);
        Assert.Equal([1u, 2u, 3u, 4u, 5u], rom.Commands.Select(c => c.Token));
        Assert.All(rom.Commands, c => Assert.Equal(0u, c.Status));
    }

    [Fact]
    public void Writing_without_erasing_only_clears_bits()
    {
        var rom = new VirtualRp2BootRom();
        PicobootConnection picoboot = Connect(rom, overBridge: false);
        picoboot.FlashErase(0x10000000, 4096);
        picoboot.Write(0x10000000, Enumerable.Repeat((byte)0xF0, 256).ToArray());

        picoboot.Write(0x10000000, Enumerable.Repeat((byte)0x0F, 256).ToArray());

        Assert.All(picoboot.Read(0x10000000, 256), b => Assert.Equal(0x00, b));
        Assert.Equal([0u], rom.Flash.DoubleProgrammedPages);
    }

    [Fact]
    public void The_host_refuses_a_misaligned_erase_because_the_rp2040_would_say_ok_and_do_nothing()
    {
        var rom = new VirtualRp2BootRom();
        PicobootConnection picoboot = Connect(rom, overBridge: false);
        rom.Flash.Load(0, new byte[8192]);

        var e = Catalogued.Throws("PicobootBadAlignment", () => picoboot.FlashErase(0x10000100, 4096));
        Assert.Equal("PicobootBadAlignment", e.ErrorId);
        Assert.Empty(rom.Commands);

        // Sent anyway (as a host without the check would): acknowledged, status OK, nothing erased.
        picoboot.Execute(PicobootCommand.FlashErase(0x10000100, 4096), null);
        Assert.Equal(PicobootStatusCode.Ok, picoboot.QueryStatus().Code);
        Assert.All(rom.Flash.Read(0x10000000, 8192), b => Assert.Equal(0, b));
        Assert.Equal(0, rom.Flash.SectorErases);
    }

    [Fact]
    public void The_rp2350_stalls_a_misaligned_erase_with_BAD_ALIGNMENT_and_the_connection_recovers()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        PicobootConnection picoboot = Connect(rom, overBridge: true);
        picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);

        var e = Catalogued.Throws("PicobootCommandFailed", () => picoboot.Execute(PicobootCommand.FlashErase(0x10000100, 4096), null));

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.BadAlignment)} ({(uint)PicobootStatusCode.BadAlignment}).", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused FLASH_ERASE 0x10000100 +4096: BAD_ALIGNMENT (5)", e.Message, StringComparison.Ordinal);
        Assert.False(rom.InHalted);
        Assert.False(rom.OutHalted);
        Assert.Equal(1, rom.ExclusiveAccess);
        picoboot.FlashErase(0x10000000, 4096);
        Assert.Equal(1, rom.Flash.SectorErases);
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040)]
    [InlineData(Rp2Chip.Rp2350)]
    public void A_write_outside_flash_is_INVALID_ADDRESS(Rp2Chip chip)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        PicobootConnection picoboot = Connect(rom, overBridge: false);

        var e = Catalogued.Throws("PicobootCommandFailed", () => picoboot.Execute(PicobootCommand.Write(0x30000000, 256), new byte[256]));

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.InvalidAddress)} ({(uint)PicobootStatusCode.InvalidAddress}).", e.Message, StringComparison.Ordinal);
        Assert.True(rom.Commands.Single().Stalled);
        Assert.Equal(0, rom.Flash.PagePrograms);
        Catalogued.Throws("PicobootBadAlignment", () => picoboot.Write(0x30000000, new byte[256]));
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040)]
    [InlineData(Rp2Chip.Rp2350)]
    public void A_command_the_chip_does_not_have_is_UNKNOWN_CMD(Rp2Chip chip)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        PicobootConnection picoboot = Connect(rom, overBridge: false);

        var e = Catalogued.Throws("PicobootCommandFailed", () =>
        {
            if (chip == Rp2Chip.Rp2040)
            {
                picoboot.GetInfo(PicobootInfoType.Sys, 1, 32);
            }
            else
            {
                picoboot.Reboot(0, 0, 500);
            }
        });

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.UnknownCmd)} ({(uint)PicobootStatusCode.UnknownCmd}).", e.Message, StringComparison.Ordinal);
        Assert.False(rom.RebootScheduled);
    }

    [Fact]
    public void A_stalled_command_is_named_recovered_from_and_exclusive_access_is_asked_for_again()
    {
        var rom = new VirtualRp2BootRom();
        rom.Faults.StallCommandNumber = 3;
        PicobootConnection picoboot = Connect(rom, overBridge: true);
        picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);
        picoboot.ExitXip();

        var e = Catalogued.Throws("PicobootCommandFailed", () => picoboot.FlashErase(0x10000000, 4096));

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.UnknownError)} ({(uint)PicobootStatusCode.UnknownError}).", e.Message, StringComparison.Ordinal);
        Assert.Equal("PicobootCommandFailed", e.ErrorId);
        Assert.Equal(1, rom.ExclusiveAccess);
        Assert.Equal(4, rom.Commands.Count);
        picoboot.FlashErase(0x10000000, 4096);
        Assert.Equal(1, rom.Flash.SectorErases);
    }

    [Fact]
    public void A_bad_magic_stalls_both_endpoints_and_leaves_the_status_alone()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        PicobootConnection picoboot = Connect(rom, overBridge: false);
        picoboot.ExitXip();
        rom.Open();
        byte[] packet = PicobootCommand.ExitXip().Encode(9);
        packet[0] ^= 0xFF;

        rom.BulkTransfer(0x03, packet, 0, 32, TimeSpan.FromSeconds(1));

        Assert.True(rom.InHalted && rom.OutHalted);
        PicobootCommandStatus status = picoboot.QueryStatus();
        Assert.Equal(1u, status.Token);
        Assert.Equal(PicobootCommandId.ExitXip, status.CommandId);
        Assert.Throws<UsbStallException>(() => rom.BulkTransfer(0x84, new byte[1], 0, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Unplugged_mid_write_is_the_device_gone()
    {
        var rom = new VirtualRp2BootRom();
        rom.Faults.DisconnectAfterPages = 5;
        PicobootConnection picoboot = Connect(rom, overBridge: true);
        picoboot.FlashErase(0x10000000, 4096);

        Assert.Throws<UsbDeviceGoneException>(() => picoboot.Write(0x10000000, new byte[4096]));
        Assert.False(rom.IsConnected);
        Assert.Equal(5, rom.Flash.PagePrograms);
    }

    [Fact]
    public void An_interface_claimed_by_another_program_is_busy()
    {
        var rom = new VirtualRp2BootRom();
        rom.Faults.InterfaceClaimedElsewhere = true;

        var e = Catalogued.Throws("PicobootInterfaceBusy", () => PicobootConnection.Open(rom, "RP2040 at 1-1.3"));

        Assert.Equal("PicobootInterfaceBusy", e.ErrorId);
        Assert.Contains("interface 1 (EP 0x03 OUT, 0x84 IN) of RP2040 at 1-1.3 is claimed by another program", e.Message, StringComparison.Ordinal);
        Assert.Contains("-Method Drive", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_info_gives_the_chip_id_that_is_the_bootsel_serial_and_the_uf2_target()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350, ChipId = 0x0123456789ABCDEF });
        PicobootConnection picoboot = Connect(rom, overBridge: true);

        IReadOnlyList<uint> chip = picoboot.GetInfo(PicobootInfoType.Sys, 0x01, 32);
        IReadOnlyList<uint> target = picoboot.GetInfo(PicobootInfoType.Uf2TargetPartition, Uf2Family.Rp2350ArmSecure, 32);
        IReadOnlyList<uint> none = picoboot.GetInfo(PicobootInfoType.Uf2TargetPartition, Uf2Family.Rp2040, 32);

        Assert.Equal([0x1u, 0u, 0x89ABCDEFu, 0x01234567u], chip);
        Assert.Equal("0123456789ABCDEF", rom.SerialNumber);
        Assert.Equal(0xFFu, target[0]);
        Assert.Equal(0xFFFFFFFFu, none[0]);
    }

    [Fact]
    public async Task Reboot_after_a_load_brings_up_micropython_with_the_flash_id_serial()
    {
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        PicobootConnection picoboot = Connect(rom, overBridge: false);
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 4096);
        picoboot.FlashErase(0x10000000, 4096);
        picoboot.Write(0x10000000, image);

        picoboot.Reboot(0, 0x20042000, 0);
        VirtualUsbDevice next = await rom.Rebooted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(rom.IsConnected);
        Assert.Equal((ushort)0x0005, next.Pid);
        Assert.Same(next, bus.GetDevices().Single());
        next.Open();
        Assert.Equal("e6614c311b8e2f37", ReadSerial(next));
    }

    [Fact]
    public void Reboot2_flash_update_to_arm_and_REBOOTING_until_then()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        using var bus = new VirtualUsbBus(rom);
        PicobootConnection picoboot = Connect(rom, overBridge: false);

        picoboot.Reboot2(Rp2Reboot2Flags.FlashUpdate | Rp2Reboot2Flags.ToArm, 60_000, 0x10000000, 0);
        var e = Catalogued.Throws("PicobootCommandFailed", () => picoboot.ExitXip());

        Assert.EndsWith($": {PicobootNames.Status(PicobootStatusCode.Rebooting)} ({(uint)PicobootStatusCode.Rebooting}).", e.Message, StringComparison.Ordinal);
        Assert.Equal(0x14u, rom.RebootFlags);
        Assert.True(rom.RebootScheduled);
        Assert.False(rom.Rebooted.IsCompleted);
    }

    private static string ReadSerial(VirtualUsbDevice device)
    {
        var buffer = new byte[255];
        int n = device.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0303, 0x0409, 255), buffer, 0, TimeSpan.FromSeconds(1));
        return System.Text.Encoding.Unicode.GetString(buffer, 2, n - 2);
    }

    private PicobootConnection Connect(VirtualRp2BootRom rom, bool overBridge)
    {
        IUsbDevice device = rom;
        if (overBridge)
        {
            UsbBridgeServer server = UsbBridgeServer.Start(rom);
            owned.Add(server);
            RemoteUsbDevice remote = RemoteUsbDevice.Connect("127.0.0.1", server.Port, TimeSpan.FromSeconds(10));
            owned.Add(remote);
            device = remote;
        }

        PicobootConnection connection = PicobootConnection.Open(device, rom.Describe());
        owned.Add(connection);
        return connection;
    }
}
