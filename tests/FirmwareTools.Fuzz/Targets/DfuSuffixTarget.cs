using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>The 16-byte DFU suffix reader on its own: whatever it reads writes back to the same bytes.</summary>
public sealed class DfuSuffixTarget : IFuzzTarget
{
    public string Name => "dfu-suffix";

    public string Description => "DfuSuffix.TryParse and ComputeCrc on the last 16 bytes of a file";

    public void Run(byte[] input)
    {
        DfuSuffix.ComputeCrc(input);
        if (DfuSuffix.TryParse(input, out DfuSuffix? suffix))
        {
            BrokenPromiseException.Check(suffix is not null, "TryParse returned true with a suffix");
            BrokenPromiseException.Check(suffix!.ToBytes().AsSpan().SequenceEqual(input.AsSpan(input.Length - DfuSuffix.SuffixLength)), "the suffix writes back to its bytes");
            _ = suffix.ToString();
        }
        else
        {
            BrokenPromiseException.Check(suffix is null, "TryParse returned false without a suffix");
        }
    }
}
