using System.Security.Cryptography;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// An ESP32 firmware file (.bin): Esp32Image.Read (header, segments, checksum, appended SHA-256), the header patcher
/// at the bootloader offset (a patched image must still read, with the two header bytes it reports and its SHA-256
/// computed again), the partition table magic, and Get-FirmwareInfo's ESP32 inspector on the file.
/// </summary>
public sealed class Esp32ImageTarget : IFuzzTarget
{
    private const string Name_ = "fuzz.bin";

    private static readonly (Esp32FlashParameters Parameters, long? Detected)[] Patches =
    {
        (Esp32FlashParameters.PycomUpdater, 8L * 1024 * 1024),
        (new Esp32FlashParameters(Esp32FlashMode.Qio, Esp32FlashFrequency.Freq40M, Esp32FlashSizeSetting.Keep), null),
        (new Esp32FlashParameters(Esp32FlashMode.Keep, Esp32FlashFrequency.Keep, Esp32FlashSizeSetting.Detect), null),
    };

    public string Name => "esp32-image";

    public string Description => "Esp32Image.Read, Esp32HeaderPatcher.Patch (then read again), Esp32PartitionTable, the ESP32 firmware inspector";

    public void Run(byte[] input)
    {
        Esp32Image? image = null;
        try
        {
            image = Esp32Image.Read(new MemoryStream(input, writable: false), Name_);
        }
        catch (Esp32ImageException)
        {
            // Refused; the patcher and the inspector must cope with the same bytes.
        }

        if (image != null)
        {
            BrokenPromiseException.Check(image.SegmentCount is >= 1 and <= Esp32Image.MaxSegments, "1 to 16 segments");
            BrokenPromiseException.Check(image.Length <= input.Length && image.Length % 16 == 0, "the image ends inside the file, on a 16-byte boundary");
            BrokenPromiseException.Check(image.Segments.All(s => s.FileOffset >= Esp32Image.HeaderLength && s.FileOffset + s.Length <= image.Length), "segments lie inside the image");
        }

        foreach ((Esp32FlashParameters parameters, long? detected) in Patches)
        {
            Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(input, Esp32Chips.Esp32BootloaderOffset, parameters, detected, Name_);
            if (!patch.Patched)
            {
                BrokenPromiseException.Check(ReferenceEquals(patch.Data, input) || patch.Data.AsSpan().SequenceEqual(input), "an unpatched image is written as it is");
                continue;
            }

            BrokenPromiseException.Check(image != null, "only a valid image is patched");
            BrokenPromiseException.Check(patch.Data.Length == input.Length, "patching keeps the length");
            Esp32Image again = Esp32Image.Read(new MemoryStream(patch.Data, writable: false), Name_);
            BrokenPromiseException.Check((ushort)(again.FlashMode << 8 | again.FlashSizeFrequency) == patch.After, "the patched header holds what the patch reports");
            BrokenPromiseException.Check(patch.DigestRecomputed == image!.HashAppended, "the SHA-256 is recomputed exactly when one is appended");
            if (again.HashAppended)
            {
                int hashed = (int)again.Length - Esp32Image.DigestLength;
                BrokenPromiseException.Check(SHA256.HashData(patch.Data.AsSpan(0, hashed)).AsSpan().SequenceEqual(patch.Data.AsSpan(hashed, Esp32Image.DigestLength)), "the appended SHA-256 is of the patched bytes");
            }

            for (int i = 0; i < input.Length; i++)
            {
                bool mayDiffer = i is Esp32HeaderPatcher.FlashModeOffset or Esp32HeaderPatcher.FlashSizeFrequencyOffset
                                 || (again.HashAppended && i >= again.Length - Esp32Image.DigestLength && i < again.Length);
                BrokenPromiseException.Check(mayDiffer || patch.Data[i] == input[i], $"the patch changes only the header and the digest (byte {i})");
            }
        }

        Esp32PartitionTable.HasMagic(new MemoryStream(input, writable: false));
        if (image != null && image.Length < input.Length)
        {
            Esp32PartitionTable.HasMagic(new MemoryStream(input, (int)image.Length, input.Length - (int)image.Length, writable: false));
        }

        Inspect(input, image);
    }

    private static void Inspect(byte[] input, Esp32Image? image)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ft-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, Name_);
        File.WriteAllBytes(path, input);
        try
        {
            FirmwareInfo? info = Esp32FirmwareInspector.TryInspect(path, new FileInfo(path));
            bool gzip = input.Length >= 2 && input[0] == 0x1F && input[1] == 0x8B;
            bool esp32 = input.Length >= 1 && input[0] == Esp32Image.Magic;
            BrokenPromiseException.Check((info is not null) == (gzip || esp32), "the inspector takes ESP32 images and gzip packages, nothing else");
            if (info is not null && esp32)
            {
                BrokenPromiseException.Check(info.IsValid == (image is not null), "the inspector's verdict is the reader's");
                BrokenPromiseException.Check(info.IsValid == (info.Problem is null), "an invalid file says why");
                BrokenPromiseException.Check(info.ToString() is not null, "the info prints");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
