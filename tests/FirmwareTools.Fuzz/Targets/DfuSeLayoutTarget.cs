using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A DfuSe memory layout string as an alternate setting's iInterface string brings it (any text a device sends),
/// parsed directly and the way the device finder names an alternate setting.
/// </summary>
public sealed class DfuSeLayoutTarget : IFuzzTarget
{
    public string Name => "dfuse-layout";

    public string Description => "DfuSeMemoryLayout.Parse/TryParse and DfuAlternateSetting.FromName on an iInterface string";

    public void Run(byte[] input)
    {
        string text = FuzzInput.Text(input);
        _ = DfuAlternateSetting.FromName(input.Length > 0 ? input[0] : (byte)0, text);
        bool parsed = DfuSeMemoryLayout.TryParse(text, out DfuSeMemoryLayout? tried, out string? problem);
        BrokenPromiseException.Check(parsed == (tried is not null) && parsed == (problem is null), "TryParse returns a layout or a problem");
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse(text);
        BrokenPromiseException.Check(layout.Segments.Count > 0, "a layout has segments");
        long total = 0;
        foreach (DfuSeMemorySegment segment in layout.Segments)
        {
            BrokenPromiseException.Check(segment.SectorCount > 0 && segment.SectorSize > 0, "a segment has sectors");
            BrokenPromiseException.Check(segment.EndAddress <= 0x1_0000_0000L, "a segment ends inside the 4 GiB address space");
            BrokenPromiseException.Check(layout.FindSegment(segment.StartAddress) is not null, "a segment's start is found");
            BrokenPromiseException.Check(segment.SectorStart(segment.EndAddress - 1) >= segment.StartAddress, "the last sector starts inside its segment");
            total += segment.Length;
        }

        BrokenPromiseException.Check(total == layout.TotalLength && layout.ReadableLength <= total, "lengths add up");
        _ = layout.StartAddress;
    }
}
