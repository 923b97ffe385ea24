using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FirmwareTools.Tests.Contract;

/// <summary>One DLL's identity and assembly references, read with System.Reflection.Metadata (never loaded).</summary>
internal sealed record ShippedAssembly(string FileName, string Name, Version Version, IReadOnlyList<AssemblyName> References)
{
    public static ShippedAssembly Read(string path) =>
        TryRead(path) ?? throw new InvalidDataException($"{path} is not a .NET assembly (no assembly manifest).");

    /// <summary>Null for a DLL that is not an assembly (the reference pack holds a few native DLLs and netmodules).</summary>
    public static ShippedAssembly? TryRead(string path)
    {
        using FileStream file = File.OpenRead(path);
        using var pe = new PEReader(file);
        if (!pe.HasMetadata)
        {
            return null;
        }

        MetadataReader metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            return null;
        }

        AssemblyDefinition definition = metadata.GetAssemblyDefinition();
        var references = metadata.AssemblyReferences.Select(handle => metadata.GetAssemblyReference(handle).GetAssemblyName()).ToList();
        return new ShippedAssembly(Path.GetFileName(path), metadata.GetString(definition.Name), definition.Version, references);
    }

    /// <summary>The full names of the types <paramref name="path"/> defines.</summary>
    public static IReadOnlyList<string> TypeNames(string path)
    {
        using FileStream file = File.OpenRead(path);
        using var pe = new PEReader(file);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Select(type => type.Namespace.IsNil ? metadata.GetString(type.Name) : metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name))
            .ToList();
    }

    /// <summary>
    /// The full names (Outer+Nested for nested types) of the types <paramref name="path"/> references from the assembly
    /// named <paramref name="assemblyName"/>: every type it uses there in a signature, a field, a local, a base type or
    /// an instruction has a TypeRef row (constants are the exception: the compiler copies their values).
    /// </summary>
    public static IReadOnlyList<string> TypesReferencedFrom(string path, string assemblyName)
    {
        using FileStream file = File.OpenRead(path);
        using var pe = new PEReader(file);
        MetadataReader metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            TypeReference type = metadata.GetTypeReference(handle);
            string name = metadata.GetString(type.Name);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
                name = metadata.GetString(type.Name) + "+" + name;
            }

            if (type.ResolutionScope.Kind == HandleKind.AssemblyReference
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name) == assemblyName)
            {
                names.Add(type.Namespace.IsNil ? name : metadata.GetString(type.Namespace) + "." + name);
            }
        }

        return names;
    }
}
