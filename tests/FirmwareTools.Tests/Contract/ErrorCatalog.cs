using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using FirmwareTools.Protocols;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// The checks behind <see cref="ErrorCatalogTests"/>, each a function of what it reads (types, ids, the table, strings)
/// so a test can feed it a bad sample and see it fail. Every check returns the problems it found, empty when none.
/// </summary>
public static partial class ErrorCatalog
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly ConstructorInfo DefinitionConstructor =
        typeof(ErrorDefinition).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single();

    private static readonly MethodInfo DefinitionId = typeof(ErrorDefinition).GetProperty(nameof(ErrorDefinition.Id))!.GetMethod!;

    /// <summary>The catalog: every <c>static readonly ErrorDefinition</c> field of <paramref name="types"/>, with the field's owner and name.</summary>
    public static IReadOnlyList<(string Field, ErrorDefinition Definition)> Entries(IEnumerable<Type> types) =>
        types.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(ErrorDefinition) && f.IsInitOnly)
            .Select(f => ($"{f.DeclaringType!.Name}.{f.Name}", (ErrorDefinition)f.GetValue(null)!))
            .ToList();

    /// <summary>Ids that are not unique, not PascalCase, missing from the table, in the table but not the catalog, or out of order there.</summary>
    public static IReadOnlyList<string> IdProblems(IReadOnlyList<(string Field, ErrorDefinition Definition)> catalog, IReadOnlyList<string> table)
    {
        var problems = new List<string>();
        foreach (var same in catalog.GroupBy(e => e.Definition.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{same.Key} is the id of {string.Join(" and ", same.Select(e => e.Field))}: every ErrorId must be unique.");
        }

        foreach (var (field, definition) in catalog.Where(e => !PascalCase().IsMatch(e.Definition.Id)))
        {
            problems.Add($"{definition.Id} ({field}) is not PascalCase.");
        }

        var ids = catalog.Select(e => e.Definition.Id).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(ids.Where(id => !table.Contains(id, StringComparer.Ordinal)).Order(StringComparer.Ordinal)
            .Select(id => $"{id} has no row in the ERRORS table of docs/help/about_FirmwareTools.md."));
        problems.AddRange(table.Where(id => !ids.Contains(id))
            .Select(id => $"The ERRORS table of about_FirmwareTools lists {id}, which no catalog entry defines."));
        if (!table.SequenceEqual(table.Order(StringComparer.Ordinal)))
        {
            problems.Add("The ERRORS table of about_FirmwareTools is not sorted by ErrorId.");
        }

        return problems;
    }

    /// <summary>The first cell of each row of the table under <c>## ERRORS</c> (header and separator rows left out).</summary>
    public static IReadOnlyList<string> TableIds(string markdown)
    {
        string[] lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int start = Array.IndexOf(lines, "## ERRORS");
        if (start < 0)
        {
            return [];
        }

        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|')[0].Trim())
            .Where(cell => cell != "ErrorId" && cell.Trim('-', ':').Length > 0)
            .ToList();
    }

    /// <summary>
    /// Methods that make an <see cref="ErrorDefinition"/> anywhere but a static constructor storing it straight into a
    /// static readonly field: a definition made elsewhere would be an id the reflection above cannot see.
    /// </summary>
    public static IReadOnlyList<string> DefinitionsOutsideTheCatalog(IEnumerable<Type> types)
    {
        var problems = new List<string>();
        foreach (var (method, body) in MethodBodies(types))
        {
            IlInstruction[] il = TypeReferenceScanner.Instructions(body).ToArray();
            for (int i = 0; i < il.Length; i++)
            {
                if (il[i].OpCode != OpCodes.Newobj || !Equals(TypeReferenceScanner.ResolveToken(method, il[i].Operand), DefinitionConstructor))
                {
                    continue;
                }

                bool stored = method.Name == ConstructorInfo.TypeConstructorName && i + 1 < il.Length && il[i + 1].OpCode == OpCodes.Stsfld
                    && TypeReferenceScanner.ResolveToken(method, il[i + 1].Operand) is FieldInfo { IsStatic: true, IsInitOnly: true };
                if (!stored)
                {
                    problems.Add($"{method.DeclaringType!.FullName}.{method.Name} makes an ErrorDefinition outside a static readonly field's initializer.");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Failure types whose ErrorId getter writes an id of its own (a string literal) instead of reading a catalog
    /// entry's <see cref="ErrorDefinition.Id"/>.
    /// </summary>
    public static IReadOnlyList<string> IdsNotFromTheCatalog(IEnumerable<Type> failureTypes)
    {
        var problems = new List<string>();
        foreach (Type type in failureTypes.Where(t => !t.IsAbstract))
        {
            MethodInfo getter = type.GetProperty(nameof(FirmwareToolsException.ErrorId))!.GetMethod!;
            IlInstruction[] il = TypeReferenceScanner.Instructions(getter.GetMethodBody()!).ToArray();
            bool literal = il.Any(i => i.OpCode == OpCodes.Ldstr);
            bool readsCatalog = il.Any(i => i.OpCode.OperandType == OperandType.InlineMethod && Equals(TypeReferenceScanner.ResolveToken(getter, i.Operand), DefinitionId));
            if (literal || !readsCatalog)
            {
                problems.Add($"{type.FullName}.ErrorId does not return a catalog entry's Id ({(literal ? "it has a string literal" : "it reads no ErrorDefinition")}).");
            }
        }

        return problems;
    }

    /// <summary>The types derived from <see cref="FirmwareToolsException"/> among <paramref name="types"/>, except the catalog's own <see cref="FirmwareError"/>.</summary>
    public static IReadOnlyList<Type> FailureTypes(IEnumerable<Type> types) =>
        types.Where(t => t != typeof(FirmwareError) && t != typeof(FirmwareToolsException) && typeof(FirmwareToolsException).IsAssignableFrom(t)).ToList();

    /// <summary>The types code catches by type: a catch clause's type, or an <c>is</c>/<c>as</c> test (isinst) anywhere in a method body.</summary>
    public static IReadOnlySet<Type> CaughtTypes(IEnumerable<Type> code)
    {
        var caught = new HashSet<Type>();
        foreach (var (method, body) in MethodBodies(code))
        {
            foreach (ExceptionHandlingClause clause in body.ExceptionHandlingClauses.Where(c => c.Flags == ExceptionHandlingClauseOptions.Clause))
            {
                caught.Add(clause.CatchType!);
            }

            foreach (IlInstruction i in TypeReferenceScanner.Instructions(body).Where(i => i.OpCode == OpCodes.Isinst))
            {
                if (TypeReferenceScanner.ResolveToken(method, i.Operand) is Type tested)
                {
                    caught.Add(tested);
                }
            }
        }

        return caught;
    }

    /// <summary>Failure types no code catches by type: they should be catalog entries made by a factory, not classes.</summary>
    public static IReadOnlyList<string> TypesNobodyCatches(IEnumerable<Type> failureTypes, IReadOnlySet<Type> caught) =>
        failureTypes.Where(t => !caught.Contains(t))
            .Select(t => $"{t.FullName} is a failure type no code in src catches by type; make it a catalog entry with a factory (see CommonErrors).")
            .ToList();

    /// <summary>Every method and constructor of <paramref name="types"/> that has IL, with its body.</summary>
    private static IEnumerable<(MethodBase Method, MethodBody Body)> MethodBodies(IEnumerable<Type> types) =>
        from type in types
        from method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything))
        let body = method.GetMethodBody()
        where body != null
        select (method, body);

    /// <summary>Every string literal of an assembly: its #US heap, read without loading it.</summary>
    public static IReadOnlyList<string> UserStrings(string assemblyPath)
    {
        using FileStream file = File.OpenRead(assemblyPath);
        using var pe = new PEReader(file);
        MetadataReader metadata = pe.GetMetadataReader();
        var strings = new List<string>();
        for (UserStringHandle handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            strings.Add(metadata.GetUserString(handle));
        }

        return strings;
    }

    /// <summary>
    /// Parameters (<c>-Name</c>) and cmdlets (<c>Verb-Noun</c> with an approved verb) that <paramref name="strings"/> name
    /// but that do not exist: a parameter of no FirmwareTools cmdlet and no common parameter, a cmdlet that is neither
    /// FirmwareTools' nor on the allow-list of PowerShell's own.
    /// </summary>
    public static IReadOnlyList<string> NamesThatDoNotExist(
        IEnumerable<string> strings, IReadOnlySet<string> parameters, IReadOnlySet<string> cmdlets)
    {
        var problems = new List<string>();
        foreach (string text in strings)
        {
            foreach (Match m in ParameterToken().Matches(text))
            {
                string name = m.Groups["name"].Value;
                if (!parameters.Contains(name) && !CommonParameters.Contains(name))
                {
                    problems.Add($"-{name} is no parameter of a FirmwareTools cmdlet (in \"{text}\").");
                }
            }

            foreach (Match m in CmdletToken().Matches(text))
            {
                string name = m.Value;
                if (ApprovedVerbs.Contains(m.Groups["verb"].Value) && !cmdlets.Contains(name) && !PowerShellCmdlets.Contains(name))
                {
                    problems.Add($"{name} is no FirmwareTools cmdlet nor one of PowerShell's on the allow-list (in \"{text}\").");
                }
            }
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The parameter names and aliases of the module's cmdlets.</summary>
    public static IReadOnlySet<string> ParametersOf(IEnumerable<CmdletMetadata> cmdlets) =>
        cmdlets.SelectMany(c => c.Parameters).SelectMany(p => p.Aliases.Prepend(p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>PowerShell's common and risk-mitigation parameters (about_CommonParameters).</summary>
    public static readonly IReadOnlySet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    /// <summary>PowerShell's own cmdlets a message may send the user to; a new one is added here on purpose.</summary>
    public static readonly IReadOnlySet<string> PowerShellCmdlets = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Get-Help", "Get-Command", "Get-FileHash", "Export-Csv", "Format-Table", "Format-List", "Install-PSResource", "Import-Module", "Select-Object",
        "Where-Object", "ForEach-Object", "ConvertTo-Json", "Out-String", "New-Item", "Copy-Item", "Invoke-Command",
    };

    /// <summary>The approved verbs (Get-Verb), so that only words shaped like a cmdlet name are taken for one.</summary>
    public static readonly IReadOnlySet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Optimize",
        "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
        "Undo", "Unlock", "Watch", "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit",
        "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update", "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install",
        "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect", "Use",
    };

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalCase();

    /// <summary>A hyphen and a capitalised word, at the start or after a space, quote, backtick or parenthesis: "-Force", "(-Address".</summary>
    [GeneratedRegex(@"(?<=^|[\s'""`(])-(?<name>[A-Z][A-Za-z]+)")]
    private static partial Regex ParameterToken();

    [GeneratedRegex(@"\b(?<verb>[A-Z][A-Za-z]+)-[A-Z][A-Za-z0-9]+\b")]
    private static partial Regex CmdletToken();
}
