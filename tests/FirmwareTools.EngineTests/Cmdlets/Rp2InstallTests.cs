using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Simulators.Rp2;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Get-Rp2Device, Install-Rp2Firmware and Backup-Rp2Firmware in the real engine against virtual Picos over the loopback USB bridge.</summary>
[Collection(EngineCollection.Name)]
public sealed class Rp2InstallTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly PowerShellSession ps = new();
    private PicoBench? bench;

    public void Dispose()
    {
        ps.Dispose();
        bench?.Dispose();
    }

    [Fact]
    public void Get_rp2device_lists_chip_serial_location_and_picoboot_in_80_columns()
    {
        Use(Rp2Chip.Rp2040, Rp2Chip.Rp2350);

        ScriptResult r = ps.Run("Get-Rp2Device").AssertSucceeded();
        string table = ps.Render("Get-Rp2Device");

        var boards = r.Objects<Rp2Device>();
        Assert.Equal([Rp2Chip.Rp2040, Rp2Chip.Rp2350], boards.Select(b => b.Chip));
        Assert.Equal(["E0C9125B0D9B", "1122334455667701"], boards.Select(b => b.SerialNumber));
        Assert.All(boards, b => Assert.True(b.PicobootReachable));
        Assert.True(table.Contains($"RP2040 E0C9125B0D9B     {bench!.Picos[0].BridgeAddress} yes", StringComparison.Ordinal), table);
        Assert.All(table.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Single(ps.Run("Get-Rp2Device -SerialNumber 1122334455667701").AssertSucceeded().Objects<Rp2Device>());
    }

    [Fact]
    public async Task Install_writes_verifies_and_reboots_and_its_view_fits_80_columns()
    {
        Use(Rp2Chip.Rp2350);
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 100_000);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "RPI_PICO2-v1.24.1.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 100_000));

        ScriptResult r = ps.Run("$result = Install-Rp2Firmware -Path ./RPI_PICO2-v1.24.1.uf2 -Board RPI_PICO2 -Confirm:$false; $result").AssertSucceeded();
        string table = ps.Render("$result");
        await Rom(0).Rebooted.WaitAsync(Limit);

        Rp2InstallResult result = Assert.Single(r.Objects<Rp2InstallResult>());
        Assert.True(result.Verified);
        Assert.Equal("RP2350_ARM_S", result.Family);
        Assert.Equal(image, Rom(0).Flash.Read(0x10000000, image.Length));
        Assert.Equal((ushort)0x0005, bench!.Picos[0].Current.Pid);
        Assert.Contains(r.Progress, p => p.Activity.StartsWith("Verify ", StringComparison.Ordinal) && p.RecordType == ProgressRecordType.Completed);
        Assert.True(table.Contains($"{bench.Picos[0].BridgeAddress} RP2350 Picoboot  100096 read back RPI_PICO2-v1.24.1.uf2", StringComparison.Ordinal), table);
        Assert.All(table.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
    }

    [Fact]
    public async Task Save_firmware_pipes_into_install_rp2firmware()
    {
        Use(Rp2Chip.Rp2040);
        byte[] uf2 = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 50_000, seed: 8);
        using var server = new FirmwareTools.Simulators.Http.LoopbackHttpServer();
        server.Map("/resources/firmware/RPI_PICO-20241129-v1.24.1.uf2", ctx => FirmwareTools.Simulators.Http.LoopbackHttpServer.Bytes(ctx, uf2));
        ps.SetVariable("uri", new Uri(server.Root, "/resources/firmware/RPI_PICO-20241129-v1.24.1.uf2"));

        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp | Install-Rp2Firmware -Confirm:$false").AssertSucceeded();
        await Rom(0).Rebooted.WaitAsync(Limit);

        Rp2InstallResult result = Assert.Single(r.Objects<Rp2InstallResult>());
        Assert.True(result.Verified);
        Assert.EndsWith("RPI_PICO-20241129-v1.24.1.uf2", result.Path, StringComparison.Ordinal);
        Assert.Equal(Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 50_000, seed: 8), Rom(0).Flash.Read(0x10000000, 50_000));
    }

    [Fact]
    public void WhatIf_and_bad_files_write_nothing_and_name_the_problem()
    {
        Use(Rp2Chip.Rp2040);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico2.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 4096));
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096));
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico.bin"), Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 4096));

        ScriptResult whatIf = ps.Run("Install-Rp2Firmware -Path ./pico.uf2 -WhatIf").AssertSucceeded();
        ScriptResult family = ps.Run("Install-Rp2Firmware -Path ./pico2.uf2 -Confirm:$false");
        ScriptResult bin = ps.Run("Install-Rp2Firmware -Path ./pico.bin -Confirm:$false");

        Assert.Empty(whatIf.Output);
        Assert.Equal("Uf2FamilyMismatch", Assert.Single(family.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("built for an RP2350", family.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("Uf2FileInvalid", Assert.Single(bin.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(Rom(0).Commands);
    }

    [Fact]
    public void Two_boards_without_a_serial_are_refused_and_a_board_not_in_bootsel_is_named()
    {
        Use(Rp2Chip.Rp2040, Rp2Chip.Rp2040);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096));

        ScriptResult r = ps.Run("Install-Rp2Firmware -Path ./pico.uf2 -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("Rp2DeviceAmbiguous", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("2 boards are in BOOTSEL mode", error.Exception.Message, StringComparison.Ordinal);
        Assert.All(bench!.Roms, rom => Assert.Empty(rom.Commands));

        ps.Run("$env:FIRMWARETOOLS_USB_BRIDGE = ''").AssertSucceeded();
        bench.Dispose();
        bench = null;
        using var running = new FirmwareTools.Simulators.Usb.VirtualUsbBus(new FirmwareTools.Simulators.Usb.VirtualUsbDevice(new FirmwareTools.Protocols.Usb.UsbDeviceLocation(1, 3, "1-1"), Rp2BootselDescriptors.MicroPythonDevice(), [Rp2BootselDescriptors.MicroPythonConfiguration()], Rp2BootselDescriptors.MicroPythonStrings("e6614c311b8e2f37")));
        using var server = FirmwareTools.Simulators.Usb.UsbBridgeServer.Start(running.GetDevices()[0]);
        ps.SetVariable("bridge", $"127.0.0.1:{server.Port}");
        ScriptResult none = ps.Run("$env:FIRMWARETOOLS_USB_BRIDGE = $bridge; Install-Rp2Firmware -Path ./pico.uf2 -Confirm:$false");
        Assert.Equal("Rp2DeviceNotFound", Assert.Single(none.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("running MicroPython (2E8A:0005)", none.Errors[0].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_boards_at_once_give_each_result_in_input_order_and_one_error_per_failing_board()
    {
        Use(Rp2Chip.Rp2040, Rp2Chip.Rp2040, Rp2Chip.Rp2040);
        Rom(2).Faults.StuckPageAddress = 0x10000200;
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 64 * 1024));
        var gates = new[] { TransferGate.PicobootWrite(Rom(0), 10), TransferGate.PicobootWrite(Rom(1), 10) };
        try
        {
            // Input order unlike the listing order: 1, 2, 0.
            ps.Run("$all = @(Get-Rp2Device); $boards = $all[1], $all[2], $all[0]").AssertSucceeded();
            using RunningScript running = ps.Begin("$boards | Install-Rp2Firmware -Path ./pico.uf2 -ThrottleLimit 3 -Confirm:$false");
            Assert.True(gates.All(g => g.WaitReached(Limit)), "two boards' writes must be running at once");
            foreach (TransferGate gate in gates.Reverse())
            {
                gate.Release();
            }

            ScriptResult r = running.Complete();

            var results = r.Objects<Rp2InstallResult>();
            Assert.Equal([bench!.Picos[1].BridgeAddress, bench.Picos[0].BridgeAddress], results.Select(x => x.Location));
            Assert.All(results, x => Assert.True(x.Verified && x.Rebooted));
            ErrorRecord error = Assert.Single(r.Errors);
            Assert.Equal("Rp2VerifyFailed", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(bench.Picos[2].BridgeAddress, error.Exception.Message, StringComparison.Ordinal);
            Assert.False(Rom(2).RebootScheduled);
        }
        finally
        {
            foreach (TransferGate gate in gates)
            {
                gate.Dispose();
            }
        }
    }

    [Fact]
    public async Task Ctrl_c_mid_write_leaves_the_board_in_bootsel()
    {
        Use(Rp2Chip.Rp2040);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 200_000));
        using TransferGate gate = TransferGate.PicobootWrite(Rom(0), 20);
        using RunningScript running = ps.Begin("Install-Rp2Firmware -Path ./pico.uf2 -Confirm:$false");

        ScriptResult r = await running.StopWhileHeld([gate], Limit);

        Assert.Empty(r.Objects<Rp2InstallResult>());
        Assert.False(Rom(0).RebootScheduled);
        Assert.True(Rom(0).IsConnected);
        Assert.Equal(0, Rom(0).ExclusiveAccess);
    }

    [Fact]
    public void Backup_writes_the_flash_and_its_sidecar()
    {
        Use(Rp2Chip.Rp2040);
        byte[] flash = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 2 << 20, seed: 4);
        Rom(0).Flash.Load(0, flash);

        ScriptResult r = ps.Run("Get-Rp2Device | Backup-Rp2Firmware -Path ./pico.bin -Confirm:$false").AssertSucceeded();

        Rp2BackupResult result = Assert.Single(r.Objects<Rp2BackupResult>());
        Assert.Equal(flash, File.ReadAllBytes(Path.Combine(ps.WorkingFolder, "pico.bin")));
        Assert.True(File.Exists(Path.Combine(ps.WorkingFolder, "pico.bin.json")));
        Assert.Equal(2 << 20, result.Length);
    }

    [Fact]
    public void Get_firmwareinfo_shows_a_uf2()
    {
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "pico2.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 5000));

        // The list view wraps long values at 80 columns; join the continuation lines before looking for a value.
        string text = System.Text.RegularExpressions.Regex.Replace(ps.Render("Get-FirmwareInfo ./pico2.uf2"), "\r?\n {12}", string.Empty);

        Assert.Contains("Format    : Uf2", text, StringComparison.Ordinal);
        Assert.Contains("21 blocks; families RP2XXX_ABSOLUTE (0xE48BFF57), RP2350_ARM_S (0xE48BFF59)", text, StringComparison.Ordinal);
        Assert.Contains("RP2350 as RP2350_ARM_S (0xE48BFF59): 0x10000000-0x100013FF (5 KiB)", text, StringComparison.Ordinal);
        Assert.Contains("0x10000000-0x10001FFF (8 KiB) (reaches no MicroPython filesystem)", text, StringComparison.Ordinal);
        Assert.Contains("E10 block : 0x10FFFF00, recognised and never written", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EraseFilesystem_asks_one_question_that_names_the_files_and_No_writes_nothing()
    {
        Use(Rp2Chip.Rp2350);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "RPI_PICO2-v1.24.1.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 100_000));
        byte[] before = Rom(0).Flash.Read(0x10000000, 100_000);
        ps.Host.RecordingUI.Answers.Enqueue("N");

        ScriptResult r = ps.Run("Install-Rp2Firmware -Path ./RPI_PICO2-v1.24.1.uf2 -Board RPI_PICO2 -EraseFilesystem").AssertSucceeded();

        Assert.Empty(r.Objects<Rp2InstallResult>());
        HostPrompt prompt = Assert.Single(ps.Host.RecordingUI.Prompts);
        Assert.Contains("MicroPython filesystem", prompt.Message, StringComparison.Ordinal);
        Assert.Contains("your files there are lost", prompt.Message, StringComparison.Ordinal);
        Assert.Equal(before, Rom(0).Flash.Read(0x10000000, 100_000));
    }

    [Fact]
    public void EraseFilesystem_with_Confirm_false_asks_nothing_more_and_writes()
    {
        // As issue 16 made the pyboard's: -Confirm:$false is enough in a script, with no second question to pass.
        Use(Rp2Chip.Rp2350);
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 100_000);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "RPI_PICO2-v1.24.1.uf2"), Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 100_000));

        ScriptResult r = ps.Run("Install-Rp2Firmware -Path ./RPI_PICO2-v1.24.1.uf2 -Board RPI_PICO2 -EraseFilesystem -Confirm:$false").AssertSucceeded();

        Assert.True(Assert.Single(r.Objects<Rp2InstallResult>()).Verified);
        Assert.Empty(ps.Host.RecordingUI.Prompts);
        Assert.Equal(image, Rom(0).Flash.Read(0x10000000, image.Length));
    }

    private VirtualRp2BootRom Rom(int index) => bench!.Picos[index].Rom;

    private void Use(params Rp2Chip[] chips)
    {
        bench = PicoBench.Start(chips);
        bench.UseIn(ps);
    }
}
