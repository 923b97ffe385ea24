using FirmwareTools.Testing;
using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// The simulators must not mirror the module. A simulator that took the DFU request numbers, states or status codes
/// from src/ would agree with the module whatever they were, and no test could see a wrong one. So every simulator
/// declares its own protocol constants (FirmwareTools.Simulators.Dfu.BootloaderState, DfuClassRequest, DfuSeCommands,
/// the ESP32 ROM opcodes, SLIP and REPL bytes in their folders). From the module it may use only the seams it
/// plugs into, listed here with the reason each is allowed.
/// </summary>
public sealed class SimulatorIndependenceTests
{
    private const string ProductAssembly = "FirmwareTools.Protocols";

    /// <summary>The product types a simulator may name, and why each is a seam rather than a protocol fact.</summary>
    private static readonly IReadOnlyDictionary<string, string> AllowedProductTypes = new Dictionary<string, string>
    {
        ["FirmwareTools.Protocols.Usb.IUsbBackend"] = "the USB seam a virtual bus implements",
        ["FirmwareTools.Protocols.Usb.IUsbDevice"] = "the USB seam a virtual device implements",
        ["FirmwareTools.Protocols.Usb.UsbSetupPacket"] = "IUsbDevice's control-transfer argument",
        ["FirmwareTools.Protocols.Usb.UsbDeviceLocation"] = "IUsbDevice's bus/port identity",
        ["FirmwareTools.Protocols.Usb.UsbTransferException"] = "the seam's typed failures (base)",
        ["FirmwareTools.Protocols.Usb.UsbStallException"] = "the seam's typed failure for a STALL handshake",
        ["FirmwareTools.Protocols.Usb.UsbTimeoutException"] = "the seam's typed failure for a timeout",
        ["FirmwareTools.Protocols.Usb.UsbDeviceGoneException"] = "the seam's typed failure for a device that left the bus",
        ["FirmwareTools.Protocols.Usb.UsbIOException"] = "the seam's typed failure for other transfer errors",
        ["FirmwareTools.Protocols.Usb.UsbAccessDeniedException"] = "the seam's typed failure for an open the OS refuses",
        // The loopback transport a served device plugs into the module through (RemoteUsbBackend,
        // FIRMWARETOOLS_USB_BRIDGE); no device protocol, and spoken independently by tests/peers/webusb-bridge.js.
        ["FirmwareTools.Protocols.Usb.UsbBridgeCommand"] = "the USB bridge transport's request codes",
        ["FirmwareTools.Protocols.Usb.UsbBridgeStatus"] = "the USB bridge transport's reply codes",
        ["FirmwareTools.Protocols.Usb.UsbBridgeFraming"] = "the USB bridge transport's message framing",
        ["FirmwareTools.Protocols.Serial.ISerialPort"] = "the serial seam a virtual link end implements",
        ["FirmwareTools.Protocols.Serial.SerialPortLostException"] = "the serial seam's typed failure for a vanished port",
        ["FirmwareTools.Protocols.Serial.SerialErrors"] = "the virtual lab opens ports by name as SerialPorts.Open does: a port that is not there is SerialErrors.PortNotFound",
        ["FirmwareTools.Protocols.FirmwareError"] = "the serial seam's catalogued failure (SerialErrors.PortNotFound), as SerialPorts.Open raises it",
        ["FirmwareTools.Protocols.ErrorDefinition"] = "the served lab tells a missing port (SerialErrors.NotFoundId) from other failures",
        ["FirmwareTools.Protocols.Serial.SerialPortInfo"] = "the virtual lab lists its ports as SerialPortFinder.Find does (BoardUpdateWorld.ListPorts): USB ids, serial number, location",
        ["FirmwareTools.Protocols.HexUsbId"] = "SerialPortInfo's vendor and product id type",
        ["FirmwareTools.Protocols.Serial.SerialPortSettings"] = "the virtual lab's opener takes what SerialPorts.Open takes (DTR/RTS after opening)",
        // The demo is the module's user, not a device: it writes the firmware file it then flashes with the module.
        ["FirmwareTools.Protocols.Images.DfuSeFile"] = "the demo writes its .dfu file with the module",
        ["FirmwareTools.Protocols.Images.DfuSeTarget"] = "the demo writes its .dfu file with the module",
        ["FirmwareTools.Protocols.Images.DfuSeElement"] = "the demo writes its .dfu file with the module",
        ["FirmwareTools.Protocols.Images.DfuImageSizeConvention"] = "DfuSeFile.WriteFile's optional argument",

        // The Pico's demo, samples and test inputs: .uf2 files are written with the module's writer, as the demo's .dfu
        // is; the writer and the boot check are pinned by the byte vectors of docs/protocols/rp2-uf2-picoboot.md in
        // their own tests, and the virtual ROM reads UF2 blocks with its own constants.
        ["FirmwareTools.Protocols.Images.Uf2Writer"] = "test inputs and samples: .uf2 files written with the module",
        ["FirmwareTools.Protocols.Images.Rp2BootCheck"] = "test inputs: a bootable image's boot2 CRC and block marker",
        ["FirmwareTools.Protocols.Images.Rp2BoardProfile"] = "the Pico demo: where the board's filesystem starts",
        ["FirmwareTools.Protocols.MemoryRegion"] = "the Pico demo: the board profile's regions",
        ["FirmwareTools.Protocols.Images.Rp2Chip"] = "which chip a virtual Pico is (a setting), not a protocol constant",
    };

    private static string SimulatorsAssembly => typeof(VirtualStm32Bootloader).Assembly.Location;

    [Fact]
    public void The_simulators_name_no_product_type_outside_the_allowed_seams()
    {
        IReadOnlyList<string> used = ShippedAssembly.TypesReferencedFrom(SimulatorsAssembly, ProductAssembly);

        Assert.NotEmpty(used); // the seams themselves: proves the check reads the right references
        Assert.Empty(Violations(used));
    }

    [Fact]
    public void The_check_catches_a_simulator_that_takes_the_DFU_states_and_requests_from_the_module()
    {
        // What the DFU simulator did before it declared its own constants: its state in the module's DfuState and
        // its stall messages through the module's DfuRequest.Name.
        string path = Path.Combine(Directory.CreateTempSubdirectory("ft-mirror-").FullName, "MirroringSimulator.dll");
        try
        {
            WriteMirroringSimulator(path);

            IReadOnlyList<string> violations = Violations(ShippedAssembly.TypesReferencedFrom(path, ProductAssembly));

            Assert.Equal(new[] { "FirmwareTools.Protocols.Dfu.DfuRequest", "FirmwareTools.Protocols.Dfu.DfuState" }, violations.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Simulator_sources_name_no_product_namespace_without_an_allowed_seam()
    {
        // Constants are copied into the IL, so `DfuRequest.DFU_DNLOAD` leaves no reference in metadata; the sources
        // show it: they may name only the product namespaces that hold an allowed seam (Usb, Serial, Images).
        var allowedNamespaces = AllowedProductTypes.Keys.Select(t => t[..t.LastIndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        string folder = Path.Combine(RepoPaths.Root, "tests", "FirmwareTools.Simulators");
        var offending = new List<string>();
        var sources = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        foreach (string file in sources)
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(file), @"\bProtocols\.(?<ns>[A-Z]\w*)\b"))
            {
                string ns = "FirmwareTools.Protocols." + match.Groups["ns"].Value;
                if (!allowedNamespaces.Contains(ns))
                {
                    offending.Add($"{Path.GetRelativePath(folder, file)}: {match.Value}");
                }
            }
        }

        Assert.True(sources.Count > 20, $"found only {sources.Count} simulator sources under {folder}");
        Assert.Empty(offending);
    }

    [Fact]
    public void The_simulator_s_own_DFU_numbers_agree_with_the_module_s_by_name()
    {
        // Two definitions written apart (the module's from the spec, the simulator's from the spec): each bState and
        // bStatus name stands for the same number in both, and neither has a name the other lacks.
        Assert.Equal(
            Enum.GetValues<DfuState>().Select(s => (s.ToString(), (byte)s)),
            Enum.GetValues<BootloaderState>().Select(s => (s.ToString(), (byte)s)));
        Assert.Equal(
            Enum.GetValues<DfuStatusCode>().Select(s => (s.ToString(), (byte)s)),
            Enum.GetValues<BootloaderStatus>().Select(s => (s.ToString(), (byte)s)));
    }

    [Fact]
    public void The_simulator_s_own_request_and_DfuSe_command_numbers_agree_with_the_module_s_by_name()
    {
        // Every constant the simulator declares has a namesake in the module with the same value (the module may
        // have more, such as DfuSeCommand.FlashStart, which is a memory map fact and not a command).
        foreach ((Type simulator, Type product) in new[] { (typeof(DfuClassRequest), typeof(DfuRequest)), (typeof(DfuSeCommands), typeof(DfuSeCommand)) })
        {
            IReadOnlyDictionary<string, object?> ours = Constants(simulator);
            IReadOnlyDictionary<string, object?> theirs = Constants(product);
            Assert.NotEmpty(ours);
            foreach ((string name, object? value) in ours)
            {
                Assert.True(theirs.TryGetValue(name, out object? other), $"{product.Name} has no {name}");
                Assert.True(Equals(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture)), $"{simulator.Name}.{name} is {value}, {product.Name}.{name} is {other}");
            }
        }
    }

    [Theory]
    [InlineData(FirmwareTools.Simulators.Esp32.VirtualEsp32ChipKind.Esp32S2, "ESP32-S2")]
    [InlineData(FirmwareTools.Simulators.Esp32.VirtualEsp32ChipKind.Esp32S3, "ESP32-S3")]
    [InlineData(FirmwareTools.Simulators.Esp32.VirtualEsp32ChipKind.Esp32C3, "ESP32-C3")]
    [InlineData(FirmwareTools.Simulators.Esp32.VirtualEsp32ChipKind.Esp32C6, "ESP32-C6")]
    public void Each_virtual_later_chip_s_own_addresses_agree_with_the_module_s_target(FirmwareTools.Simulators.Esp32.VirtualEsp32ChipKind kind, string name)
    {
        // Written apart from docs/protocols/esp32-family.md §2.1 (the simulator does not use the module's constants):
        // the magic, chip id, SPI1 block and BLK1 base of each virtual chip are the target's.
        var chip = (FirmwareTools.Simulators.Esp32.VirtualEsp32LaterChip)FirmwareTools.Simulators.Esp32.VirtualEsp32Chip.For(kind);
        var target = (FirmwareTools.Protocols.Esp32.Esp32LaterChipTarget)FirmwareTools.Protocols.Esp32.Esp32ChipTarget.Supported.Single(t => t.Name == name);
        Assert.Equal(name, chip.Name);
        Assert.Contains(chip.Magic(new FirmwareTools.Simulators.Esp32.VirtualEsp32Settings()), target.MagicValues);
        Assert.Equal((uint)target.ImageChipId, chip.ChipId);
        Assert.Equal((target.Spi.Cmd, target.Spi.Usr, target.Spi.Usr2, target.Spi.MisoDlen, target.Spi.W0), (chip.Spi.Cmd, chip.Spi.Usr, chip.Spi.Usr2, chip.Spi.MisoDlen, chip.Spi.W0));
        Assert.Equal(target.EfuseBlock1Base, chip.EfuseBlock1);
        Assert.Equal(target.EfuseBlock2Base, chip.EfuseBlock2);
    }

    private static Dictionary<string, object?> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => f.GetRawConstantValue());

    private static List<string> Violations(IEnumerable<string> used) =>
        used.Where(t => !AllowedProductTypes.ContainsKey(t)).Distinct().ToList();

    private static void WriteMirroringSimulator(string path)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("MirroringSimulator"), typeof(object).Assembly);
        ModuleBuilder module = assembly.DefineDynamicModule("MirroringSimulator.dll");
        TypeBuilder bootloader = module.DefineType("MirroringSimulator.Bootloader", TypeAttributes.Public | TypeAttributes.Sealed);
        bootloader.DefineField("state", typeof(DfuState), FieldAttributes.Private);
        MethodBuilder describe = bootloader.DefineMethod("Describe", MethodAttributes.Public | MethodAttributes.Static, typeof(string), [typeof(byte)]);
        ILGenerator il = describe.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(DfuRequest).GetMethod(nameof(DfuRequest.Name))!);
        il.Emit(OpCodes.Ret);
        bootloader.CreateType();
        assembly.Save(path);
    }
}
