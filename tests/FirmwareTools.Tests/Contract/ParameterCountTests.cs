using System.Reflection;
using System.Runtime.CompilerServices;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// No method or constructor in src takes more than five parameters (the project's standard): a longer list becomes a
/// request or options object. Public and non-public members of both src assemblies count; what the compiler made
/// (lambdas, iterators, async state machines, record plumbing) does not.
/// </summary>
public sealed class ParameterCountTests
{
    public const int MaxParameters = 5;

    public static IEnumerable<Assembly> SourceAssemblies =>
    [
        typeof(MemoryRegion).Assembly,
        typeof(global::FirmwareTools.FirmwareCmdlet).Assembly,
    ];

    [Fact]
    public void No_method_in_src_takes_more_than_five_parameters()
    {
        string[] tooLong = SourceAssemblies.SelectMany(TooLong).ToArray();
        Assert.True(tooLong.Length == 0, $"{tooLong.Length} methods take more than {MaxParameters} parameters:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void A_method_with_six_parameters_is_found()
    {
        Assert.Equal(["Six.Take(a, b, c, d, e, f)"], TooLong(typeof(Six)).ToArray());
    }

    public static IEnumerable<string> TooLong(Assembly assembly) => assembly.GetTypes().SelectMany(TooLong);

    public static IEnumerable<string> TooLong(Type type)
    {
        if (IsCompilerGenerated(type))
        {
            return [];
        }

        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All))
            .Where(m => !IsCompilerGenerated(m) && !m.Name.Contains('<', StringComparison.Ordinal))
            .Where(m => m.GetParameters().Length > MaxParameters)
            .Select(m => $"{type.Name}.{(m.IsConstructor ? "ctor" : m.Name)}({string.Join(", ", m.GetParameters().Select(p => p.Name))})");
    }

    private static bool IsCompilerGenerated(MemberInfo member)
    {
        for (MemberInfo? m = member; m != null; m = m.DeclaringType)
        {
            if (m.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || m.Name.Contains('<', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static class Six
    {
        public static int Take(int a, int b, int c, int d, int e, int f) => a + b + c + d + e + f;
    }
}
