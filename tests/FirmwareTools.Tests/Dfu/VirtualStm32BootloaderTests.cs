using Xunit;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using static FirmwareTools.Tests.Dfu.RawDfu;

namespace FirmwareTools.Tests.Dfu;

/// <summary>The simulator's state machine, driven by raw control transfers with the literal bytes of docs/protocols/dfu-dfuse.md.</summary>
public class VirtualStm32BootloaderTests
{
    private static VirtualStm32Bootloader Open(VirtualStm32BootloaderSettings? settings = null, VirtualUsbBus? bus = null)
    {
        settings ??= new VirtualStm32BootloaderSettings { InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK };
        settings.TimeScale = settings.TimeScale == 1.0 ? 0.001 : settings.TimeScale;
        var device = new VirtualStm32Bootloader("3061B4493536", null, settings);
        bus?.Plug(device);
        device.Open();
        device.ClaimInterface(0);
        device.SetAlternateSetting(0, 0);
        return device;
    }

    [Fact]
    public void Fresh_session_reports_errFIRMWARE_and_CLRSTATUS_brings_dfuIDLE()
    {
        var device = Open(new VirtualStm32BootloaderSettings());
        Assert.Equal(new byte[] { 0x0A, 0, 0, 0, 0x0A, 0 }, GetStatus(device));
        ClrStatus(device);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x02, 0 }, GetStatus(device));
    }

    [Fact]
    public void Set_address_polls_busy_104ms_then_download_idle()
    {
        var device = Open();
        var (first, second) = Execute(device, 0, Addr(0x21, 0x08020000));
        Assert.Equal(new byte[] { 0x00, 0x68, 0x00, 0x00, 0x04, 0x00 }, first);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x05, 0 }, second);
        Assert.Equal(0x08020000u, device.AddressPointer);
        Assert.Equal(5, GetState(device));
    }

    [Fact]
    public void Sector_erase_polls_busy_100ms_and_erases_only_the_sector_holding_the_address()
    {
        var device = Open();
        Array.Fill(device.Flash, (byte)0x00);
        var (first, second) = Execute(device, 0, Addr(0x41, 0x08004123));
        Assert.Equal(new byte[] { 0x00, 0x64, 0x00, 0x00, 0x04, 0x00 }, first);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x05, 0 }, second);
        Assert.Equal(new[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, device.SectorEraseCounts);
        Assert.All(device.Flash.AsSpan(0x4000, 0x4000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(0x00, device.Flash[0x3FFF]);
        Assert.Equal(0x00, device.Flash[0x8000]);
    }

    [Fact]
    public void Consecutive_blocks_land_at_pointer_plus_block_minus_two_times_2048_and_read_back()
    {
        var device = Open();
        Execute(device, 0, Addr(0x21, 0x08020000));
        var a = Enumerable.Repeat((byte)0x11, 2048).ToArray();
        var b = new byte[] { 1, 2, 3, 4 };
        Assert.Equal(new byte[] { 0, 0, 0, 0, 5, 0 }, Execute(device, 2, a).Second);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 5, 0 }, Execute(device, 3, b).Second);
        Assert.Equal(b, device.Flash.AsSpan(0x20800, 4).ToArray());

        Abort(device);
        Assert.Equal(2, GetState(device));
        Assert.Equal(new byte[] { 0x00, 0x21, 0x41, 0x92 }, Upload(device, 0, 4));
        Execute(device, 0, Addr(0x21, 0x08020000));
        Abort(device);
        Assert.Equal(a, Upload(device, 2, 2048));
        Assert.Equal(9, GetState(device));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0xFF, 0xFF }, Upload(device, 3, 6));
    }

    [Fact]
    public void A_short_block_followed_by_the_next_block_number_leaves_a_gap_and_is_counted()
    {
        var device = Open();
        Execute(device, 0, Addr(0x21, 0x08000000));
        Execute(device, 2, 1, 2, 3, 4);
        Execute(device, 3, 5, 6, 7, 8);
        Assert.Equal(1, device.ShortBlockViolations);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0xFF }, device.Flash.AsSpan(0, 5).ToArray());
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, device.Flash.AsSpan(2048, 4).ToArray());
    }

    [Fact]
    public void Programming_only_clears_bits_like_F4_flash()
    {
        var device = Open();
        device.Flash[0] = 0xF0;
        Execute(device, 0, Addr(0x21, 0x08000000));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 5, 0 }, Execute(device, 2, 0x3C, 0xFF, 0xFF, 0xFF).Second);
        Assert.Equal(0x30, device.Flash[0]);
    }

    [Fact]
    public void Non_erased_write_can_be_reported_as_errPROG()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            NonErasedWriteStatus = BootloaderStatus.errPROG,
        });
        device.Flash[0] = 0x00;
        Execute(device, 0, Addr(0x21, 0x08000000));
        Assert.Equal(new byte[] { 0x06, 0, 0, 0, 0x0A, 0 }, Execute(device, 2, 0xFF, 0xFF, 0xFF, 0xFF).Second);
    }

    [Fact]
    public void Unknown_command_is_errSTALLEDPKT_at_the_first_poll()
    {
        var device = Open();
        Dnload(device, 0, 0x55, 1, 2);
        Assert.Equal(new byte[] { 0x0F, 0, 0, 0, 0x0A, 0 }, GetStatus(device));
    }

    [Fact]
    public void Block_1_and_upload_in_download_idle_stall_into_dfuERROR()
    {
        var device = Open();
        Assert.Throws<UsbStallException>(() => Dnload(device, 1, 1, 2, 3, 4));
        Assert.Equal(new byte[] { 0x0F, 0, 0, 0, 0x0A, 0 }, GetStatus(device));
        ClrStatus(device);
        Execute(device, 0, Addr(0x21, 0x08000000));
        Assert.Throws<UsbStallException>(() => Upload(device, 2, 16));
        Assert.Equal(10, GetState(device));
    }

    [Fact]
    public void Address_outside_the_alt_is_errTARGET_at_the_second_poll()
    {
        var device = Open();
        var (first, second) = Execute(device, 0, Addr(0x21, 0x08100000));
        Assert.Equal(0x04, first[4]);
        Assert.Equal(new byte[] { 0x01, 0, 0, 0, 0x0A, 0 }, second);
    }

    [Fact]
    public void Clrstatus_outside_dfuERROR_is_errUNKNOWN_cube_style_or_a_stall_when_strict()
    {
        var cube = Open();
        ClrStatus(cube);
        Assert.Equal(new byte[] { 0x0E, 0, 0, 0, 0x0A, 0 }, GetStatus(cube));

        var strict = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            ClrStatusOutsideError = ClrStatusOutsideError.Stall,
        });
        Assert.Throws<UsbStallException>(() => ClrStatus(strict));
    }

    [Fact]
    public void Read_protection_refuses_erase_and_read_with_errVENDOR()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            ReadProtected = true, ReadProtectionRejectsSetAddress = false,
        });
        Array.Fill(device.Flash, (byte)0x12);
        Dnload(device, 0, Addr(0x41, 0x08000000));
        Assert.Equal(new byte[] { 0x0B, 0, 0, 0, 0x0A, 0 }, GetStatus(device));
        ClrStatus(device);
        Assert.Throws<UsbStallException>(() => Upload(device, 2, 16));
        Assert.Equal(new byte[] { 0x0B, 0, 0, 0, 0x0A, 0 }, GetStatus(device));
        Assert.Equal(0x12, device.Flash[0]);
        Assert.Equal(0, device.SectorEraseCounts.Sum());
    }

    [Fact]
    public void Leave_reports_dfuMANIFEST_then_the_board_comes_back_as_the_application_with_the_same_serial()
    {
        var bus = new VirtualUsbBus();
        var device = Open(bus: bus);
        device.Flash[0] = 0x00; device.Flash[1] = 0x00; device.Flash[2] = 0x02; device.Flash[3] = 0x20;  // SP = 0x20020000
        Execute(device, 0, Addr(0x21, 0x08000000));
        Dnload(device, 0);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x07, 0 }, GetStatus(device));
        Assert.Throws<UsbDeviceGoneException>(() => GetStatus(device));
        IUsbDevice app = Assert.Single(bus.GetDevices());
        byte[] descriptor = app.GetDeviceDescriptor();
        Assert.Equal(new byte[] { 0x55, 0xF0, 0x00, 0x98 }, descriptor.AsSpan(8, 4).ToArray());
        app.Open();
        var serial = new byte[64];
        int n = app.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0303, 0x0409, 64), serial, 0, RawDfu.Timeout);
        Assert.Equal("3061B4493536", System.Text.Encoding.Unicode.GetString(serial, 2, n - 2));
    }

    [Fact]
    public void With_the_boot_jumper_an_erased_chip_comes_back_as_the_bootloader_with_the_same_flash()
    {
        var bus = new VirtualUsbBus();
        var device = Open(new VirtualStm32BootloaderSettings { BootJumperFitted = true }, bus);
        device.Flash[0x100] = 0x42;
        ClrStatus(device);
        Dnload(device, 0);
        Assert.Equal(0x07, GetStatus(device)[4]);
        var again = Assert.IsType<VirtualStm32Bootloader>(Assert.Single(bus.GetDevices()));
        Assert.Same(again, device.Successor);
        Assert.Equal("3061B4493536", again.SerialNumber);
        Assert.Equal(0x42, again.Flash[0x100]);
        Assert.Equal(BootloaderState.dfuERROR, again.State);
    }

    [Fact]
    public void Erased_chip_without_boot_jumper_does_not_come_back()
    {
        var bus = new VirtualUsbBus();
        var device = Open(bus: bus);
        Dnload(device, 0);
        Assert.Equal(0x07, GetStatus(device)[4]);
        Assert.Empty(bus.GetDevices());
    }

    [Fact]
    public void Busy_device_holds_off_the_next_request_and_a_short_host_timeout_sees_a_timeout_while_the_erase_still_finishes()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK, TimeScale = 0.1,
        });
        Array.Fill(device.Flash, (byte)0);
        Dnload(device, 0, Addr(0x41, 0x08020000));
        Assert.Equal(0x04, GetStatus(device)[4]);
        // 128 KiB erase = 1000 ms of device time; the host allows only 100 ms.
        Assert.Throws<UsbTimeoutException>(() => GetStatus(device, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x05, 0 }, GetStatus(device, TimeSpan.FromSeconds(2)));
        Assert.Equal(0xFF, device.Flash[0x20000]);
        Assert.Equal(1, device.SectorEraseCounts[5]);
    }

    [Fact]
    public void Polite_mode_answers_dfuDNBUSY_with_the_remaining_time()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            BusyBehavior = BusyBehavior.Polite, TimeScale = 0.5,
        });
        Dnload(device, 0, Addr(0x41, 0x08020000));
        Assert.Equal(100, GetStatus(device)[1]);
        byte[] busy = GetStatus(device);
        Assert.Equal(0x04, busy[4]);
        int remaining = busy[1] | (busy[2] << 8);
        Assert.InRange(remaining, 1, 500);
        Thread.Sleep(remaining + 20);
        Assert.Equal(0x05, GetStatus(device)[4]);
    }

    [Fact]
    public void Abort_returns_to_idle_from_download_idle_and_is_refused_in_dfuERROR()
    {
        var device = Open(new VirtualStm32BootloaderSettings());
        Assert.Throws<UsbStallException>(() => Abort(device));
        ClrStatus(device);
        Execute(device, 0, Addr(0x21, 0x08000000));
        Abort(device);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x02, 0 }, GetStatus(device));
    }

    [Fact]
    public void Mass_erase_outlasts_dfu_utils_5s_timeout_and_erases_every_sector_once()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            TimeScale = 0.01, VoltageRange = FlashVoltageRange.X8, UseMaximumFlashTimes = true,
        });
        Dnload(device, 0, 0x41);
        Assert.Equal(100, GetStatus(device)[1]);
        // 32 s at x8 (maximum): a 5 s USB timeout (dfu-util's) fails, as on real F405s.
        Assert.Throws<UsbTimeoutException>(() => GetStatus(device, TimeSpan.FromSeconds(5)));
        Assert.Equal(0x05, GetStatus(device, TimeSpan.FromSeconds(45))[4]);
        Assert.Equal(Enumerable.Repeat(1, 12), device.SectorEraseCounts);
    }

    [Fact]
    public void Reported_poll_timeouts_can_be_time_scaled_for_hosts_that_sleep_them()
    {
        var device = Open(new VirtualStm32BootloaderSettings
        {
            InitialState = BootloaderState.dfuIDLE, InitialStatus = BootloaderStatus.OK,
            TimeScale = 0.1, ScaleReportedPollTimeouts = true,
        });
        Dnload(device, 0, Addr(0x41, 0x08000000));
        Assert.Equal(new byte[] { 0x00, 10, 0x00, 0x00, 0x04, 0x00 }, GetStatus(device));
        GetStatus(device, TimeSpan.FromSeconds(5));
        Dnload(device, 0, Addr(0x21, 0x08000000));
        Assert.Equal(10, GetStatus(device)[1]);   // 104 ms x 0.1, rounded
    }

    [Fact]
    public void Request_log_records_setup_packets_and_data_in_order()
    {
        var device = Open();
        Execute(device, 0, Addr(0x21, 0x08000000));
        var requests = device.RequestLog;
        Assert.Equal(new byte[] { 0x01, 0x03, 0x03 }, requests.Select(r => r.Request));
        Assert.Equal(Addr(0x21, 0x08000000), requests[0].Data);
        Assert.True(requests[0].IsDfuSeCommand(0x21));
    }
}
