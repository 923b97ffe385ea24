namespace FirmwareTools.Testing;

/// <summary>
/// Finds the repository root (the folder holding FirmwareTools.sln) and the built module in out/FirmwareTools. One
/// source file, compiled into the unit tests and the engine tests (linked from tests/FirmwareTools.Tests/Contract).
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "FirmwareTools.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException($"No FirmwareTools.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string ModuleFolder => Path.Combine(Root, "out", "FirmwareTools");

    public static string ModuleAssembly => Path.Combine(ModuleFolder, "FirmwareTools.dll");

    /// <summary>The manifest a user imports: <c>Import-Module ./out/FirmwareTools</c>.</summary>
    public static string ModuleManifest => Path.Combine(ModuleFolder, "FirmwareTools.psd1");

    public static string Peers => Path.Combine(Root, "tests", "peers");
}
