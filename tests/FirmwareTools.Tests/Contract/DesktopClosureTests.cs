using FirmwareTools.Testing;
using System.Reflection;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// Windows PowerShell 5.1 runs the module on .NET Framework 4.8, which this machine does not have: these tests read
/// the built out/FirmwareTools and .NET Framework 4.8's reference pack as metadata and prove every assembly the
/// module ships binds there (DesktopClosure says how), and that each Desktop file is what makes it bind.
/// </summary>
public sealed class DesktopClosureTests : IDisposable
{
    /// <summary>What SharpZipLib's netstandard2.0 build needs that .NET Framework 4.8 lacks, and what those need in turn.</summary>
    private static readonly string[] Closure =
    {
        "System.Memory", "System.Buffers", "System.Threading.Tasks.Extensions", "System.Runtime.CompilerServices.Unsafe", "System.Numerics.Vectors",
    };

    public static TheoryData<string> DesktopAssemblies => new(Closure);

    private readonly string copy = Directory.CreateTempSubdirectory("ft-desktop-").FullName;

    public void Dispose() => Directory.Delete(copy, recursive: true);

    private static string DesktopFolder => Path.Combine(RepoPaths.ModuleFolder, DesktopDependencyResolver.FolderName);

    [Fact]
    public void Every_reference_of_every_shipped_dll_binds_on_NET_Framework_4_8()
    {
        IReadOnlyList<string> problems = DesktopClosure.Problems(RepoPaths.ModuleFolder, DesktopDependencyResolver.FolderName, DesktopClosure.Net48ReferenceAssemblies);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_Desktop_folder_holds_exactly_the_closure_and_the_module_folder_none_of_it()
    {
        Assert.Equal(
            Closure.Select(name => name + ".dll").Order(StringComparer.Ordinal),
            Directory.GetFiles(DesktopFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string name in Closure)
        {
            Assert.False(File.Exists(Path.Combine(RepoPaths.ModuleFolder, name + ".dll")), $"{name}.dll beside FirmwareTools.dll would be found by pwsh's probing too");
        }
    }

    [Theory]
    [MemberData(nameof(DesktopAssemblies))]
    public void Without_any_one_Desktop_assembly_the_closure_check_fails_naming_it(string assembly)
    {
        CopyDirectory(RepoPaths.ModuleFolder, copy);
        string removed = Path.Combine(copy, DesktopDependencyResolver.FolderName, assembly + ".dll");
        Assert.True(File.Exists(removed), $"the built module has no Desktop/{assembly}.dll");
        File.Delete(removed);

        IReadOnlyList<string> problems = DesktopClosure.Problems(copy, DesktopDependencyResolver.FolderName, DesktopClosure.Net48ReferenceAssemblies);

        Assert.Contains(problems, p => p.Contains($" references {assembly} ", StringComparison.Ordinal) && p.EndsWith("and the module ships none.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Desktop_assembly_older_than_a_reference_asks_for_fails_the_check()
    {
        // System.Memory and System.Threading.Tasks.Extensions reference Unsafe 6.0.3.0; put an Unsafe 4.0.4.1 in its
        // place (an empty assembly with that identity, written here: the checker reads only metadata).
        CopyDirectory(RepoPaths.ModuleFolder, copy);
        string unsafePath = Path.Combine(copy, DesktopDependencyResolver.FolderName, "System.Runtime.CompilerServices.Unsafe.dll");
        ShippedAssembly shipped = ShippedAssembly.Read(unsafePath);
        EmptyAssembly.Write(unsafePath, new AssemblyName($"{shipped.Name}, Version=4.0.4.1"));

        IReadOnlyList<string> problems = DesktopClosure.Problems(copy, DesktopDependencyResolver.FolderName, DesktopClosure.Net48ReferenceAssemblies);

        Assert.Contains(problems, p => p.StartsWith("System.Memory.dll references System.Runtime.CompilerServices.Unsafe 6.0.3.0:", StringComparison.Ordinal) && p.EndsWith("the module ships only 4.0.4.1 in Desktop/.", StringComparison.Ordinal));
    }

    [Fact]
    public void NET_Framework_4_8_has_SerialPort_in_System_dll_where_the_System_IO_Ports_exemption_maps_it()
    {
        Assert.Contains("System.IO.Ports", DesktopClosure.Exemptions);
        Assert.Contains("System.IO.Ports.SerialPort", ShippedAssembly.TypeNames(Path.Combine(DesktopClosure.Net48ReferenceAssemblies, "System.dll")));
    }

    [Fact]
    public void Every_System_IO_Ports_type_the_module_uses_is_defined_in_NET_Framework_4_8_s_System_dll()
    {
        // SystemIoPortsResolver hands .NET Framework's System.dll to a request for System.IO.Ports, so each type the
        // shipped assembly names in System.IO.Ports must be in that System.dll (the package's API is larger).
        IReadOnlyList<string> used = ShippedAssembly.TypesReferencedFrom(Path.Combine(RepoPaths.ModuleFolder, "FirmwareTools.Protocols.dll"), "System.IO.Ports");
        IReadOnlyList<string> inSystem = ShippedAssembly.TypeNames(Path.Combine(DesktopClosure.Net48ReferenceAssemblies, "System.dll"));

        Assert.Contains("System.IO.Ports.SerialPort", used);
        Assert.Empty(used.Except(inSystem));
    }

    [Fact]
    public void The_resolver_answers_a_request_with_the_shipped_file_at_that_version_or_higher_and_nothing_else()
    {
        var resolver = new DesktopDependencyResolver(DesktopFolder);

        Assert.Equal(Path.Combine(DesktopFolder, "System.Memory.dll"), resolver.PathFor(new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        Assert.Equal(Path.Combine(DesktopFolder, "System.Memory.dll"), resolver.PathFor(new AssemblyName("System.Memory, Version=4.0.5.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        Assert.Null(resolver.PathFor(new AssemblyName("System.Memory, Version=4.0.6.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        Assert.Null(resolver.PathFor(new AssemblyName("ICSharpCode.SharpZipLib, Version=1.4.2.13")));
        Assert.Null(resolver.PathFor(new AssemblyName("System.Memory.Data, Version=1.0.0.0")));
    }

    [Fact]
    public void The_resolver_hands_back_an_already_loaded_copy_that_is_new_enough_instead_of_loading_a_second()
    {
        var resolver = new DesktopDependencyResolver(DesktopFolder);
        Assembly runtimeMemory = Assembly.Load(new AssemblyName("System.Memory")); // this runtime's own, 10.0.0.0
        var requested = new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51");

        Assert.Same(runtimeMemory, resolver.Resolve(requested, new[] { typeof(object).Assembly, runtimeMemory }));
        Assert.Null(resolver.Resolve(new AssemblyName("ICSharpCode.SharpZipLib, Version=1.4.2.13"), new[] { runtimeMemory }));
    }

    [Fact]
    public void The_resolver_answers_only_the_module_s_own_requests()
    {
        var resolver = new DesktopDependencyResolver(DesktopFolder);

        Assert.Equal(Path.GetFullPath(RepoPaths.ModuleFolder), resolver.ModuleFolder);
        Assert.True(resolver.IsOwnRequest(Path.Combine(RepoPaths.ModuleFolder, "ICSharpCode.SharpZipLib.dll"), requesterKnown: true));
        Assert.True(resolver.IsOwnRequest(Path.Combine(DesktopFolder, "System.Memory.dll"), requesterKnown: true));
        Assert.True(resolver.IsOwnRequest(null, requesterKnown: false)); // .NET Framework often names no requester
        Assert.False(resolver.IsOwnRequest(typeof(object).Assembly.Location, requesterKnown: true));
        Assert.False(resolver.IsOwnRequest(RepoPaths.ModuleFolder + "Other" + Path.DirectorySeparatorChar + "Other.dll", requesterKnown: true));
        Assert.False(resolver.IsOwnRequest(string.Empty, requesterKnown: true)); // an assembly loaded from bytes
    }

    [Fact]
    public void Only_NET_Framework_registers_the_resolver()
    {
        Assert.True(ModuleAssemblyInitializer.IsNetFramework(".NET Framework 4.8.9032.0"));
        Assert.False(ModuleAssemblyInitializer.IsNetFramework(".NET 10.0.0"));
        Assert.False(ModuleAssemblyInitializer.IsNetFramework(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
