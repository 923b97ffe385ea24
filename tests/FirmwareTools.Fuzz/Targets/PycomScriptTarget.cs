using System.Text;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A Pycom package script alone (v1 list or v2.1 object), faster for AFL++ than through gzip and tar: the JSON reader,
/// the package's script check against a fixed WiPy package's members, then the planner for a 4 MB and an 8 MB board,
/// with and without the config block. A plan never reaches past the flash, off a sector, or over another write.
/// </summary>
public sealed class PycomScriptTarget : IFuzzTarget
{
    private const string PackagePath = "fuzz-script.tar.gz";

    private static readonly Lazy<PycomPackage> Package = new(() =>
        PycomPackage.Read(new MemoryStream(FuzzImages.Package(FuzzImages.WiPyMembers().Append(("script", Encoding.ASCII.GetBytes("[[\"w\", \"0x1000\", \"bootloader.bin\"]]"))).ToArray())), PackagePath));

    /// <summary>The fixed WiPy package the scripts are planned against (bootloader.bin, partitions*.bin, wipy.bin, factory_fw.bin, fs.bin).</summary>
    public static PycomPackage WiPyPackage => Package.Value;

    public string Name => "pycom-script";

    public string Description => "PycomScriptParser.Parse, the package's script check and PycomPlanner for 4 MB and 8 MB";

    public void Run(byte[] input)
    {
        PycomPackage package = Package.Value;
        PycomScript script = PycomScriptParser.Parse(input, PackagePath, "script2");
        BrokenPromiseException.Check(script.Instructions.Select((x, i) => x.Index == i).All(b => b), "instructions are numbered in order");
        PycomPackage.CheckScript(script, package.Members.ToDictionary(m => m.Name, StringComparer.Ordinal), PackagePath);
        Plan(package, script);
    }

    /// <summary>Plans <paramref name="script"/> for both Pycom flash sizes, with and without the config block, and checks each plan.</summary>
    public static void Plan(PycomPackage package, PycomScript script)
    {
        foreach (long flashSize in new[] { 4L * 1024 * 1024, 8L * 1024 * 1024 })
        {
            foreach (bool includeConfigBlock in new[] { false, true })
            {
                PycomFlashPlan plan;
                try
                {
                    plan = PycomPlanner.Plan(package, script, flashSize, new PycomPlanOptions { IncludeConfigBlock = includeConfigBlock });
                }
                catch (FirmwareToolsException)
                {
                    // Refused for this size (past the flash, off a sector, overlapping); the other sizes are still planned.
                    continue;
                }

                PlanCheck.Check(plan, flashSize, includeConfigBlock);
            }
        }
    }
}
