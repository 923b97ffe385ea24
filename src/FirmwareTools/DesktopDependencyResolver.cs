using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace FirmwareTools
{
    /// <summary>
    /// Windows PowerShell 5.1 only: binds the assemblies .NET Framework 4.8 lacks (System.Memory and the rest
    /// SharpZipLib needs) to the copies the module ships in its Desktop folder. .NET Framework probes the module
    /// folder for dependencies of the module's assemblies (they are loaded from a path) but never Desktop/, and
    /// would demand the exact version a reference names, so each failed bind ends up here: a shipped assembly of
    /// that name at the requested version or higher is the answer, the same "or higher" a binding redirect gives.
    /// An assembly of that name and a high enough version that is already loaded (another module shipped it)
    /// wins over a second copy, so a type such as Span&lt;T&gt; is never split in two. Like PSResourceGet's handler,
    /// it answers only the module's own requests: from an assembly loaded from the module's folder (or its
    /// Desktop folder), or with no requester named, which .NET Framework often leaves out.
    /// </summary>
    internal sealed class DesktopDependencyResolver
    {
        /// <summary>The folder beside FirmwareTools.dll (see src/FirmwareTools/DesktopDependencies.targets).</summary>
        internal const string FolderName = "Desktop";

        private readonly Dictionary<string, (AssemblyName Name, string Path)> shipped;

        public DesktopDependencyResolver(string folder)
        {
            Folder = folder;
            shipped = new Dictionary<string, (AssemblyName, string)>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(folder))
            {
                foreach (string path in Directory.EnumerateFiles(folder, "*.dll"))
                {
                    AssemblyName name = AssemblyName.GetAssemblyName(path);
                    shipped[name.Name!] = (name, path);
                }
            }
        }

        public string Folder { get; }

        /// <summary>The module folder: the one that holds the Desktop folder.</summary>
        public string ModuleFolder => Path.GetDirectoryName(Path.GetFullPath(Folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))!;

        /// <summary>The Desktop folder of the module FirmwareTools.dll was loaded from.</summary>
        public static DesktopDependencyResolver ForThisModule() =>
            new DesktopDependencyResolver(Path.Combine(Path.GetDirectoryName(typeof(DesktopDependencyResolver).Assembly.Location)!, FolderName));

        /// <summary>
        /// The shipped file for <paramref name="requested"/>, or null when the module ships no assembly of that name
        /// or only an older one (then the bind fails with the runtime's own message, naming the version asked for).
        /// </summary>
        public string? PathFor(AssemblyName requested)
        {
            if (requested.Name is null || !shipped.TryGetValue(requested.Name, out (AssemblyName Name, string Path) candidate))
            {
                return null;
            }

            return Satisfies(candidate.Name, requested) ? candidate.Path : null;
        }

        /// <summary>The assembly to hand the runtime for <paramref name="requested"/>, or null to let the bind fail.</summary>
        public Assembly? Resolve(AssemblyName requested, IEnumerable<Assembly> loaded)
        {
            string? path = PathFor(requested);
            if (path is null)
            {
                return null;
            }

            Assembly? already = loaded.FirstOrDefault(a => Satisfies(a.GetName(), requested));
            return already ?? Assembly.LoadFrom(path);
        }

        /// <summary>
        /// True when the module asked: <paramref name="requesterLocation"/> (the requesting assembly's file) is in the
        /// module folder or below it, or no requester is known (null). Another module's failed bind is left alone.
        /// </summary>
        public bool IsOwnRequest(string? requesterLocation, bool requesterKnown)
        {
            if (!requesterKnown)
            {
                return true;
            }

            if (string.IsNullOrEmpty(requesterLocation))
            {
                return false;
            }

            string prefix = ModuleFolder + Path.DirectorySeparatorChar;
            return Path.GetFullPath(requesterLocation).StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        }

        internal Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            Assembly? requester = args.RequestingAssembly;
            bool own = requester is null || IsOwnRequest(requester.IsDynamic ? null : requester.Location, requesterKnown: true);
            return own ? Resolve(new AssemblyName(args.Name), AppDomain.CurrentDomain.GetAssemblies()) : null;
        }

        private static bool Satisfies(AssemblyName candidate, AssemblyName requested) =>
            string.Equals(candidate.Name, requested.Name, StringComparison.OrdinalIgnoreCase)
            && (requested.Version is null || (candidate.Version is not null && candidate.Version >= requested.Version));
    }
}
