using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A Pycom firmware package as downloaded: gzip, tar (SharpZipLib's header parser, the reader's own block walk, its
/// limits on sizes, entries, names, links), every script in it, then the plan for a 4 MB and an 8 MB board. Members stay
/// within the limits and inside the package's folder; a plan never reaches past the flash.
/// </summary>
public sealed class PycomPackageTarget : IFuzzTarget
{
    public string Name => "pycom-package";

    public string Description => "PycomPackage.Read (.tar.gz), its scripts, CreatePlan for 4 MB and 8 MB";

    public void Run(byte[] input)
    {
        PycomPackage package = PycomPackage.Read(new MemoryStream(input, writable: false), "fuzz.tar.gz");
        BrokenPromiseException.Check(package.Scripts.Count > 0, "a package has a script");
        BrokenPromiseException.Check(package.Members.Sum(m => m.Length) <= PycomPackage.MaxTotalBytes, "members stay within the total limit");
        foreach (PycomPackageMember member in package.Members)
        {
            BrokenPromiseException.Check(member.Length <= PycomPackage.MaxEntryBytes, $"{member} stays within the entry limit");
            BrokenPromiseException.Check(!member.Name.StartsWith('/') && !member.Name.StartsWith('\\') && !member.Name.Split('/', '\\').Contains(".."),
                $"{member} stays inside the package's folder");
            BrokenPromiseException.Check(ReferenceEquals(package.FindMember(member.Name), member), $"{member} is found by its name");
        }

        foreach (long flashSize in new[] { 4L * 1024 * 1024, 8L * 1024 * 1024 })
        {
            PycomFlashPlan plan;
            try
            {
                plan = package.CreatePlan(flashSize);
            }
            catch (FirmwareToolsException)
            {
                continue;
            }

            PlanCheck.Check(plan, flashSize, includeConfigBlock: false);
        }

        foreach (PycomScript script in package.Scripts)
        {
            PycomScriptTarget.Plan(package, script);
        }
    }
}
