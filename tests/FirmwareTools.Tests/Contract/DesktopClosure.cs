using System.Reflection;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// What Windows PowerShell 5.1 would bind when it loads a module layout, read from metadata only (no Windows, no
/// .NET Framework): starting from every DLL the module ships, each assembly reference must be satisfied the way
/// .NET Framework 4.8 satisfies it for a module imported from a path:
/// <list type="bullet">
/// <item>a DLL in the module folder is found beside the referring one, and a strong-named reference binds only
/// its exact version there;</item>
/// <item>otherwise an in-box assembly (the reference pack's assemblies and Facades) at the requested version or
/// higher (the runtime unifies framework references to its own version);</item>
/// <item>otherwise a DLL in the Desktop folder at the requested version or higher (the module's resolver);</item>
/// <item>the exempt names are the host's (System.Management.Automation) or mapped by code
/// (System.IO.Ports to System.dll).</item>
/// </list>
/// Every Desktop DLL must also be needed: reached from FirmwareTools.dll through a reference nothing else satisfies.
/// </summary>
internal sealed class DesktopClosure
{
    private readonly Dictionary<string, ShippedAssembly> beside;
    private readonly Dictionary<string, ShippedAssembly> desktop;
    private readonly Dictionary<string, Version> framework;
    private readonly ISet<string> exempt;

    private DesktopClosure(Dictionary<string, ShippedAssembly> beside, Dictionary<string, ShippedAssembly> desktop, Dictionary<string, Version> framework, ISet<string> exempt)
    {
        this.beside = beside;
        this.desktop = desktop;
        this.framework = framework;
        this.exempt = exempt;
    }

    /// <summary>The host's engine and the serial-port assembly SystemIoPortsResolver maps to .NET Framework's System.dll.</summary>
    public static IReadOnlySet<string> Exemptions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "System.Management.Automation", "System.IO.Ports" };

    /// <summary>The .NET Framework 4.8 reference pack the test project downloads (Microsoft.NETFramework.ReferenceAssemblies.net48).</summary>
    public static string Net48ReferenceAssemblies => typeof(DesktopClosure).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Net48ReferenceAssemblies").Value!;

    /// <summary>Every reason the layout in <paramref name="moduleFolder"/> would fail to bind on .NET Framework 4.8; empty when it binds.</summary>
    public static IReadOnlyList<string> Problems(string moduleFolder, string desktopFolderName, string frameworkFolder)
    {
        var framework = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in Directory.GetFiles(frameworkFolder, "*.dll").Concat(Directory.GetFiles(Path.Combine(frameworkFolder, "Facades"), "*.dll")))
        {
            if (ShippedAssembly.TryRead(path) is not { } assembly)
            {
                continue;
            }

            if (!framework.TryGetValue(assembly.Name, out Version? known) || assembly.Version > known)
            {
                framework[assembly.Name] = assembly.Version;
            }
        }

        var closure = new DesktopClosure(ReadFolder(moduleFolder), ReadFolder(Path.Combine(moduleFolder, desktopFolderName)), framework, new HashSet<string>(Exemptions, StringComparer.OrdinalIgnoreCase));
        return closure.Check();
    }

    private static Dictionary<string, ShippedAssembly> ReadFolder(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.dll").Select(ShippedAssembly.Read).ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, ShippedAssembly>(StringComparer.OrdinalIgnoreCase);

    private List<string> Check()
    {
        var problems = new List<string>();
        foreach (ShippedAssembly twice in desktop.Values.Where(a => beside.ContainsKey(a.Name)))
        {
            problems.Add($"{twice.Name} is both beside FirmwareTools.dll and in the Desktop folder: pwsh would find the copy beside it too.");
        }

        // Every shipped DLL, reached or not: a file the module carries must bind wherever it is loaded from.
        foreach (ShippedAssembly assembly in beside.Values.Concat(desktop.Values))
        {
            foreach (AssemblyName reference in assembly.References)
            {
                string? problem = Bind(assembly, reference, out _);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }
        }

        // What FirmwareTools.dll (the RootModule) pulls in through the Desktop folder.
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<ShippedAssembly>();
        if (beside.TryGetValue("FirmwareTools", out ShippedAssembly? root))
        {
            queue.Enqueue(root);
            reached.Add(root.Name);
        }
        else
        {
            problems.Add("FirmwareTools.dll (the RootModule) is missing from the module folder.");
        }

        while (queue.Count > 0)
        {
            ShippedAssembly assembly = queue.Dequeue();
            foreach (AssemblyName reference in assembly.References)
            {
                if (Bind(assembly, reference, out ShippedAssembly? target) is null && target is not null && reached.Add(target.Name))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (ShippedAssembly unused in desktop.Values.Where(a => !reached.Contains(a.Name)))
        {
            problems.Add($"Desktop/{unused.FileName} ({unused.Name} {unused.Version}) is shipped but nothing FirmwareTools.dll loads needs it from the Desktop folder.");
        }

        return problems;
    }

    /// <summary>Null when <paramref name="reference"/> binds; <paramref name="target"/> is the shipped file it binds to, if any.</summary>
    private string? Bind(ShippedAssembly referrer, AssemblyName reference, out ShippedAssembly? target)
    {
        target = null;
        string name = reference.Name!;
        Version requested = reference.Version ?? new Version(0, 0, 0, 0);
        if (exempt.Contains(name))
        {
            return null;
        }

        if (beside.TryGetValue(name, out ShippedAssembly? neighbour))
        {
            target = neighbour;
            return neighbour.Version == requested || !IsStrongNamed(reference)
                ? null
                : $"{referrer.FileName} references {name} {requested}, but the module folder has {neighbour.Version}: .NET Framework binds a strong-named neighbour only at the exact version.";
        }

        bool inBox = framework.TryGetValue(name, out Version? frameworkVersion) && frameworkVersion >= requested;
        if (inBox)
        {
            return null;
        }

        if (desktop.TryGetValue(name, out ShippedAssembly? shipped) && shipped.Version >= requested)
        {
            target = shipped;
            return null;
        }

        string inFramework = frameworkVersion is null ? ".NET Framework 4.8 has no such assembly" : $".NET Framework 4.8 has only {frameworkVersion}";
        string inModule = shipped is null ? "the module ships none" : $"the module ships only {shipped.Version} in Desktop/";
        return $"{referrer.FileName} references {name} {requested}: {inFramework} and {inModule}.";
    }

    private static bool IsStrongNamed(AssemblyName reference) => reference.GetPublicKeyToken() is { Length: > 0 };
}
