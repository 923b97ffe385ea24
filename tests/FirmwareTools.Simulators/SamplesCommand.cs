using FirmwareTools.Simulators.Samples;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>samples [--out DIR]</c>: writes sample firmware files shaped like the real downloads (a DfuSe .dfu for a pyboard, a
/// merged ESP32 .bin, a Pycom .tar.gz) into DIR (default: the current folder), one line per file naming the cmdlet
/// that takes it, so README's workflows run offline against the virtual boards.
/// </summary>
internal static class SamplesCommand
{
    public static int Run(string[] args)
    {
        string folder = ".";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                default:
                    Console.Error.WriteLine(Program.Usage);
                    return 2;
            }
        }

        IReadOnlyList<string> written = SampleFirmware.WriteAll(folder);
        for (int i = 0; i < written.Count; i++)
        {
            Console.WriteLine($"{written[i]}: {SampleFirmware.All[i].Description}");
        }

        return 0;
    }
}
