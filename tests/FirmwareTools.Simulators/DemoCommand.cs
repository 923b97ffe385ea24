using System.Globalization;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>demo [--time-scale X]</c>: the module's main job, flashing a pyboard, on a machine without boards. A virtual
/// STM32F405 bootloader (with a filesystem in sectors 1-4) sits on a virtual USB bus, and the demo runs the very
/// operations the cmdlets call - Get-DfuDevice, Get-FirmwareInfo, Backup-PyboardFirmware, Install-PyboardFirmware
/// -Verify - then checks that the board restarted as MicroPython with its files intact.
/// </summary>
internal static class DemoCommand
{
    public static int Run(string[] args)
    {
        double timeScale = 0.05;
        if (args.Length == 2 && args[0] == "--time-scale")
        {
            timeScale = double.Parse(args[1], CultureInfo.InvariantCulture);
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine(Program.Usage);
            return 2;
        }

        string folder = Directory.CreateTempSubdirectory("firmwaretools-demo-").FullName;
        try
        {
            return Demo(folder, timeScale);
        }
        catch (FirmwareToolsException e)
        {
            Console.Error.WriteLine($"{e.ErrorId}: {e.Message}");
            return 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Demo(string folder, double timeScale)
    {
        Console.WriteLine($"FirmwareTools demo: flash a virtual pyboard (STM32F405 ROM bootloader, flash timing x{timeScale.ToString(CultureInfo.InvariantCulture)}).");
        var board = new VirtualStm32Bootloader("3061B4493536", new UsbDeviceLocation(1, 4, "1-1.4"), new VirtualStm32BootloaderSettings { TimeScale = timeScale });
        byte[] filesystem = Random(0x1C000, 1);
        Array.Copy(filesystem, 0, board.Flash, 0x4000, filesystem.Length);
        var bus = new VirtualUsbBus(board);
        OperationLog log = (level, message) => { if (level == LogLevel.Warning) { Console.WriteLine($"  WARNING: {message}"); } };

        DfuDevice device = DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(bus, null, log));
        DfuSeMemoryLayout flash = device.InternalFlash!.MemoryLayout!;
        Console.WriteLine($"Get-DfuDevice            {device}: {flash.Name}, {ByteSize.Format(flash.TotalLength)} ({string.Join(", ", flash.Segments.Select(s => $"{s.SectorCount}x{ByteSize.Format(s.SectorSize)}"))})");

        // A firmware shaped like MicroPython's PYBV11 .dfu: vectors at 0x08000000, text at 0x08020000.
        byte[] vectors = Random(512, 2);
        BitConverter.GetBytes(0x20020000u).CopyTo(vectors, 0);
        string firmware = Path.Combine(folder, "PYBV11-demo.dfu");
        DfuSeFile.WriteFile(firmware, [new DfuSeTarget(0, "ST...", [new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, Random(380 * 1024, 3))])]);
        FirmwareInfo info = FirmwareInspector.Inspect(firmware);
        Console.WriteLine($"Get-FirmwareInfo         {info.Name}: {info.Format}, {string.Join(", ", info.Targets.SelectMany(t => t.Elements))}, CRC {(info.CrcValid == true ? "valid" : "INVALID")}, erases F405 sectors {string.Join(",", info.F405SectorNumbers)}{(info.F405TouchesFilesystem == true ? " (filesystem!)" : " (filesystem kept)")}");

        string backupPath = Path.Combine(folder, "pyboard-backup.bin");
        DfuSeBackupResult backup = PyboardBackup.Run(device, backupPath, null, null, log);
        Console.WriteLine($"Backup-PyboardFirmware   {Path.GetFileName(backup.Path)}: {backup.Length} bytes from 0x{backup.Address:X8}, SHA-256 {backup.Sha256[..16]}..., in {backup.Elapsed.TotalSeconds:0.00} s");

        PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = firmware, Verify = true });
        Console.WriteLine($"Install-PyboardFirmware  -WhatIf: {prepared.Description}");
        PyboardInstallResult result = PyboardInstaller.Install(prepared, new PhasePrinter(), log);
        Console.WriteLine($"Install-PyboardFirmware  {result.BytesWritten} bytes in {result.RegionsWritten.Count} regions, sectors {string.Join(",", result.SectorsErased.Select(s => s.Index))} erased once each, verified: {result.Verified}, left DFU mode: {result.LeftDfuMode}, {result.Elapsed.TotalSeconds:0.00} s");

        IUsbDevice application = bus.GetDevices().Single();
        byte[] descriptor = application.GetDeviceDescriptor();
        bool filesKept = filesystem.AsSpan().SequenceEqual(board.Flash.AsSpan(0x4000, filesystem.Length));
        Console.WriteLine($"After                    the board re-enumerated as {descriptor[9]:x2}{descriptor[8]:x2}:{descriptor[11]:x2}{descriptor[10]:x2} (MicroPython) at {application.Location.PortPath}; filesystem sectors 1-4 {(filesystem.Length)} bytes {(filesKept ? "unchanged" : "CHANGED")}");

        // The flashed board now runs MicroPython: ask it over its REPL, as Get-DeviceVersion does (a virtual REPL board
        // on an in-process serial cable stands in for the board's USB serial port).
        var link = new VirtualSerialLink("/dev/ttyACM0");
        DeviceVersion version;
        using (new VirtualReplBoard(link).Start())
        {
            version = DeviceVersionReader.Read(link.Host, new RawReplOptions(), log, CancellationToken.None);
        }

        Console.WriteLine($"Get-DeviceVersion        {version.Port}: {version.Board} with {version.Mcu}, MicroPython {version.MicroPythonVersion} built {version.BuildDate:yyyy-MM-dd} (from {version.Source})");
        return filesKept && result.Verified && result.LeftDfuMode ? 0 : 1;
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Prints each phase once, when it completes.</summary>
    private sealed class PhasePrinter : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value)
        {
            if (value.IsFinal)
            {
                Console.WriteLine($"  {value.Phase,-7} {ByteSize.Format(value.Completed),10} in {value.Elapsed.TotalSeconds:0.00} s");
            }
        }
    }
}
