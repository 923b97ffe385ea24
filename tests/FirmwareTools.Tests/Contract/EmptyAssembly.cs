using System.Reflection;
using System.Reflection.Emit;

namespace FirmwareTools.Tests.Contract;

/// <summary>Writes a DLL that is only an identity (name, version), for metadata checks that must meet a wrong version.</summary>
internal static class EmptyAssembly
{
    public static void Write(string path, AssemblyName identity)
    {
        var builder = new PersistedAssemblyBuilder(identity, typeof(object).Assembly);
        builder.DefineDynamicModule(identity.Name + ".dll");
        File.Delete(path);
        builder.Save(path);
    }
}
