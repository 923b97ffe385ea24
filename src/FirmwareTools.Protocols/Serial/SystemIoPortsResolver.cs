using System;
using System.Linq;
using System.Reflection;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The module compiles against System.IO.Ports 10 but never ships it: the host provides SerialPort. PowerShell 7
    /// ships a System.IO.Ports assembly whose version follows its .NET (8.0.0.0 in 7.4), and Windows PowerShell 5.1
    /// has SerialPort inside System.dll. When the exact reference cannot bind, this hands the runtime whatever
    /// the host has, matched by simple name (the runtime checks only that for assemblies a resolve handler returns).
    /// </summary>
    internal static class SystemIoPortsResolver
    {
        internal const string AssemblyName = "System.IO.Ports";
        private const string SerialPortTypeName = "System.IO.Ports.SerialPort";
        private static readonly object Gate = new object();
        private static bool registered;
        [ThreadStatic]
        private static bool resolving;

        public static void EnsureRegistered()
        {
            lock (Gate)
            {
                if (registered)
                {
                    return;
                }

                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                registered = true;
            }
        }

        internal static Assembly? Resolve(AssemblyName requested)
        {
            if (!string.Equals(requested.Name, AssemblyName, StringComparison.OrdinalIgnoreCase) || resolving)
            {
                return null;
            }

            // Already loaded by the host (pwsh loads its copy on first use of SerialPort in any module).
            Assembly? loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => string.Equals(a.GetName().Name, AssemblyName, StringComparison.OrdinalIgnoreCase));
            if (loaded is not null)
            {
                return loaded;
            }

            resolving = true;
            try
            {
                // Any version the host can bind (pwsh's own copy, found through its probing paths).
                return Assembly.Load(new AssemblyName(AssemblyName));
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException || e is System.IO.FileLoadException || e is BadImageFormatException)
            {
                // .NET Framework: SerialPort lives in System.dll, which every process has loaded.
                Assembly system = typeof(System.ComponentModel.Component).Assembly;
                return system.GetType(SerialPortTypeName, throwOnError: false) is null ? null : system;
            }
            finally
            {
                resolving = false;
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) => Resolve(new AssemblyName(args.Name));
    }
}
