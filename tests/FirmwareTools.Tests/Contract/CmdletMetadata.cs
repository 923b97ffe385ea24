using System.Reflection;
using System.Runtime.InteropServices;
using FirmwareTools.Testing;

namespace FirmwareTools.Tests.Contract;

/// <summary>One parameter of a cmdlet as its attributes declare it, per parameter set.</summary>
public sealed record ParameterMetadata(
    string Name,
    string TypeName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterSetMetadata> Sets,
    IReadOnlyList<string> AttributeTypes);

public sealed record ParameterSetMetadata(string SetName, bool Mandatory, int Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>A cmdlet as its metadata declares it, read from the built module without executing it.</summary>
public sealed record CmdletMetadata(
    string Verb,
    string Noun,
    Type Type,
    bool SupportsShouldProcess,
    int ConfirmImpact,
    string? DefaultParameterSetName,
    IReadOnlyList<Type> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    public const string AllParameterSets = "__AllParameterSets";

    public string Name => $"{Verb}-{Noun}";

    public ParameterMetadata Parameter(string name) =>
        Parameters.SingleOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"{Name} has no parameter {name}.");
}

/// <summary>
/// Loads out/FirmwareTools with System.Reflection.MetadataLoadContext. PowerShellStandard.Library is a stub
/// whose attribute getters return defaults, so the attributes are read as raw CustomAttributeData: the
/// values the compiler wrote, which are what PowerShell itself reads.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    private static readonly Lazy<ModuleMetadata> Shared = new(() => new ModuleMetadata(RepoPaths.ModuleAssembly));
    private readonly MetadataLoadContext context;

    private ModuleMetadata(string moduleAssemblyPath)
    {
        if (!File.Exists(moduleAssemblyPath))
        {
            throw new FileNotFoundException($"The module is not built: {moduleAssemblyPath} is missing. Run dotnet build first.", moduleAssemblyPath);
        }

        // The engine's own assembly (System.Management.Automation 7.6.9, test-only) and what it references, from this folder.
        string engine = typeof(System.Management.Automation.Cmdlet).Assembly.Location;
        var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            engine,
        };
        paths.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(p => !Path.GetFileName(p).StartsWith("FirmwareTools", StringComparison.Ordinal)));
        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(moduleAssemblyPath)!, "*.dll"));
        context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.Ordinal)));
        Module = context.LoadFromAssemblyPath(moduleAssemblyPath);
        Protocols = context.LoadFromAssemblyName("FirmwareTools.Protocols");
        Automation = context.LoadFromAssemblyName("System.Management.Automation");
        Cmdlets = Module.GetTypes().Select(Read).Where(c => c != null).Select(c => c!).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public static ModuleMetadata Instance => Shared.Value;

    public Assembly Module { get; }

    public Assembly Protocols { get; }

    public Assembly Automation { get; }

    public IReadOnlyList<CmdletMetadata> Cmdlets { get; }

    public CmdletMetadata Cmdlet(string name) =>
        Cmdlets.SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The module has no cmdlet {name}.");

    /// <summary>Every approved verb, from the Verbs* classes' constants (real values even in the stub).</summary>
    public IReadOnlySet<string> ApprovedVerbs()
    {
        var verbs = new HashSet<string>(StringComparer.Ordinal);
        foreach (Type type in Automation.GetTypes().Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal)))
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                verbs.Add((string)field.GetRawConstantValue()!);
            }
        }

        return verbs;
    }

    /// <summary>A public type of ours by full name, from either module assembly.</summary>
    public Type? FindType(string fullName) => Module.GetType(fullName) ?? Protocols.GetType(fullName);

    public void Dispose() => context.Dispose();

    private static CmdletMetadata? Read(Type type)
    {
        CustomAttributeData? cmdlet = type.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
        if (cmdlet == null)
        {
            return null;
        }

        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [arg.Value])
            .OfType<Type>()
            .ToList();

        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .Where(p => p != null)
            .Select(p => p!)
            .ToList();

        return new CmdletMetadata(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            type,
            Named(cmdlet, "SupportsShouldProcess") is true,
            Named(cmdlet, "ConfirmImpact") is int impact ? impact : 2 /* ConfirmImpact.Medium, the attribute's default */,
            Named(cmdlet, "DefaultParameterSetName") as string,
            outputTypes,
            parameters);
    }

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        IList<CustomAttributeData> attributes = property.GetCustomAttributesData();
        var sets = attributes
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute")
            .Select(a => new ParameterSetMetadata(
                Named(a, "ParameterSetName") as string ?? CmdletMetadata.AllParameterSets,
                Named(a, "Mandatory") is true,
                Named(a, "Position") is int position ? position : int.MinValue,
                Named(a, "ValueFromPipeline") is true,
                Named(a, "ValueFromPipelineByPropertyName") is true))
            .ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var aliases = attributes
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => (string)i.Value!) : [(string)arg.Value!])
            .ToList();

        return new ParameterMetadata(
            property.Name,
            property.PropertyType.FullName ?? property.PropertyType.Name,
            aliases,
            sets,
            attributes.Select(a => a.AttributeType.FullName ?? a.AttributeType.Name).ToList());
    }

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
