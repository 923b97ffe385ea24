namespace FirmwareTools.Simulators.Samples;

/// <summary>The sample firmware files the <c>samples</c> verb writes, one per board family.</summary>
public static class SampleFirmware
{
    public static IReadOnlyList<ISampleFirmware> All { get; } = [new PyboardSampleDfu(), new Esp32SampleBin(), new PycomSamplePackage(), new Rp2SampleUf2()];

    /// <summary>Writes every sample into <paramref name="folder"/> (created if missing) and returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (ISampleFirmware sample in All)
        {
            string path = Path.Combine(folder, sample.FileName);
            File.WriteAllBytes(path, sample.Build());
            written.Add(path);
        }

        return written;
    }
}
