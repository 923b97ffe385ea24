namespace FirmwareTools.Fuzz;

/// <summary>
/// A parser returned an object that is not sound (an element past 4 GiB, a count that disagrees with its items).
/// Deliberately not a FirmwareToolsException: the fuzzer must report it as a crash.
/// </summary>
public sealed class BrokenPromiseException : Exception
{
    public BrokenPromiseException(string message)
        : base(message)
    {
    }

    public BrokenPromiseException()
    {
    }

    public BrokenPromiseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new BrokenPromiseException("Unsound result: " + what);
        }
    }
}
