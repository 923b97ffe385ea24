using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A USB device whose descriptors are the fuzz input (see <see cref="FuzzUsbDevice"/>), listed the way
/// Get-DfuDevice lists it: device descriptor, configuration descriptors walked into interfaces, endpoints and
/// class-specific descriptors (the DFU functional descriptor among them), string descriptors (with lying bLength)
/// and the DfuSe memory layouts they carry. Each record is also fed to each descriptor parser directly.
/// </summary>
public sealed class UsbDeviceTarget : IFuzzTarget
{
    public string Name => "usb-device";

    public string Description => "DfuDeviceFinder.Find over a device answering with the input; Usb*Descriptor.Parse, DfuFunctionalDescriptor, UsbStringReader.Decode";

    public void Run(byte[] input)
    {
        List<byte[]> records = FuzzInput.Records(input);
        foreach (byte[] record in records)
        {
            ParseAlone(record);
        }

        using var backend = new FuzzUsbBackend(new FuzzUsbDevice(records));
        foreach (DfuDevice device in DfuDeviceFinder.Find(backend))
        {
            BrokenPromiseException.Check(device.AlternateSettings.Count > 0, "a DFU device has alternate settings");
            _ = device.ToString();
            _ = device.InternalFlash;
            foreach (DfuAlternateSetting alt in device.AlternateSettings)
            {
                BrokenPromiseException.Check(alt.MemoryLayout is null || alt.LayoutProblem is null, "a layout or a problem, not both");
                _ = alt.FlashSize;
            }
        }
    }

    private static void ParseAlone(byte[] record)
    {
        TryParse(() => UsbDeviceDescriptor.Parse(record, "fuzz"));
        TryParse(() =>
        {
            UsbConfigurationDescriptor configuration = UsbConfigurationDescriptor.Parse(record, "fuzz");
            BrokenPromiseException.Check(configuration.TotalLength <= record.Length, "wTotalLength fits what was read");
            _ = DfuFunctionalDescriptor.Find(configuration.Extra);
            foreach (UsbInterfaceDescriptor alt in configuration.Interfaces)
            {
                _ = DfuFunctionalDescriptor.Find(alt.Extra);
                _ = alt.ToString();
            }
        });
        TryParse(() => DfuFunctionalDescriptor.Find(record));
        TryParse(() => DfuFunctionalDescriptor.Parse(record));
        string? text = UsbStringReader.Decode(record, out string? problem);
        BrokenPromiseException.Check(text is not null || problem is not null, "a string or a problem");
        if (record.Length > 0)
        {
            _ = UsbStringReader.Decode(record, record[0], out _);
        }
    }

    private static void TryParse(Action parse)
    {
        try
        {
            parse();
        }
        catch (UsbDescriptorFormatException)
        {
            // Refused the project's way; the other parsers still get the record.
        }
    }
}
