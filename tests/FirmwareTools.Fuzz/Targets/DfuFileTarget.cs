using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A firmware file as Install-PyboardFirmware reads it: format detection (DfuSe prefix, DFU suffix, raw), the DfuSe
/// prefix/targets/elements reader and the plain DFU suffix reader, with the CRC enforced and with it forced (-Force),
/// so the fuzzer is not stopped at the CRC.
/// </summary>
public sealed class DfuFileTarget : IFuzzTarget
{
    public string Name => "dfu-file";

    public string Description => "FirmwareImageFile.Parse: DfuSe files, plain DFU files (suffix), raw images";

    public void Run(byte[] input)
    {
        try
        {
            Check(FirmwareImageFile.Parse(input, "fuzz.dfu", acceptBadCrc: false), input);
        }
        catch (DfuFileFormatException)
        {
            // Refused the project's way; the forced read below must still keep the promise.
        }

        Check(FirmwareImageFile.Parse(input, "fuzz.dfu", acceptBadCrc: true), input);
    }

    private static void Check(FirmwareImageFile file, byte[] input)
    {
        BrokenPromiseException.Check(file.Length == input.Length, "Length is the file length");
        switch (file.Format)
        {
            case FirmwareImageFormat.DfuSe:
                BrokenPromiseException.Check(file.Payload is null && file.Suffix is { IsDfuSe: true }, "a DfuSe file has a DfuSe suffix and no payload");
                BrokenPromiseException.Check(file.Targets.Count is >= 1 and <= 255, "1 to 255 targets");
                foreach (DfuSeTarget target in file.Targets)
                {
                    foreach (DfuSeElement element in target.Elements)
                    {
                        BrokenPromiseException.Check(element.EndAddress <= 0x1_0000_0000L, "an element ends inside the 4 GiB address space");
                    }
                }

                BrokenPromiseException.Check(file.FirmwareLength < file.Length, "the firmware is smaller than the file");
                break;
            case FirmwareImageFormat.Dfu:
                BrokenPromiseException.Check(file.Payload is { Length: > 0 } && file.Suffix is not null, "a DFU file has a payload and a suffix");
                BrokenPromiseException.Check(file.Payload!.Length == input.Length - file.Suffix!.Length, "the payload is the file less the suffix");
                BrokenPromiseException.Check(file.AsTargetsAt(0x0800_0000).Count == 1, "a DFU file places as one target");
                break;
            case FirmwareImageFormat.Raw:
                BrokenPromiseException.Check(file.Payload is not null && file.Payload.AsSpan().SequenceEqual(input) && file.Suffix is null, "a raw image is its bytes");
                break;
            default:
                throw new BrokenPromiseException($"Unknown format {file.Format} returned");
        }
    }
}
