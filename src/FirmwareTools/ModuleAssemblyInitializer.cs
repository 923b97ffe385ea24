using System;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace FirmwareTools
{
    /// <summary>
    /// PowerShell calls OnImport when Import-Module loads FirmwareTools.dll, before any cmdlet runs (and so before
    /// SharpZipLib is first touched), and OnRemove on Remove-Module. On .NET Framework (Windows PowerShell 5.1) it
    /// registers <see cref="DesktopDependencyResolver"/>; on .NET (pwsh) it does nothing, so pwsh never loads a
    /// file from the Desktop folder and keeps its runtime's own System.Memory and friends.
    /// </summary>
    public sealed class ModuleAssemblyInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static DesktopDependencyResolver? registered;

        /// <summary>True on .NET Framework, the runtime of Windows PowerShell 5.1 (".NET Framework 4.8.9032.0").</summary>
        internal static bool IsNetFramework(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (!IsNetFramework(RuntimeInformation.FrameworkDescription))
            {
                return;
            }

            lock (Gate)
            {
                if (registered is null)
                {
                    registered = DesktopDependencyResolver.ForThisModule();
                    AppDomain.CurrentDomain.AssemblyResolve += registered.OnAssemblyResolve;
                }
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (registered is not null)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= registered.OnAssemblyResolve;
                    registered = null;
                }
            }
        }
    }
}
