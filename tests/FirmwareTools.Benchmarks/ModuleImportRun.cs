using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// How long `Import-Module ./out/FirmwareTools` takes in the real PowerShell 7.6 engine, against importing an empty
/// manifest module in the same engine: the ratio is what our module costs beyond the engine's own module machinery.
/// The first import in a process also loads our assemblies (cold); later ones, in fresh runspaces, find them loaded.
/// </summary>
internal static class ModuleImportRun
{
    private const int WarmRuns = 5;

    public static (TimeSpan Cold, TimeSpan Warm, TimeSpan Empty) Measure(string manifest)
    {
        string folder = Directory.CreateTempSubdirectory("ft-import-bench-").FullName;
        try
        {
            string empty = Path.Combine(folder, "Empty.psd1");
            File.WriteAllText(empty, "@{ ModuleVersion = '1.0.0'; GUID = '" + Guid.NewGuid() + "' }");

            // The engine itself is warmed up first (its own first runspace costs seconds of JIT), so neither module pays for it.
            TimeImport(empty);
            TimeSpan cold = TimeImport(manifest);
            TimeSpan warm = Median(Enumerable.Range(0, WarmRuns).Select(_ => TimeImport(manifest)));
            TimeSpan emptyTime = Median(Enumerable.Range(0, WarmRuns).Select(_ => TimeImport(empty)));
            return (cold, warm, emptyTime);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan TimeImport(string manifest)
    {
        using Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop");
        var clock = Stopwatch.StartNew();
        ps.Invoke();
        clock.Stop();
        return clock.Elapsed;
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> runs)
    {
        var sorted = runs.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
