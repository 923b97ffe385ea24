using FirmwareTools.Protocols;

namespace FirmwareTools.Fuzz;

/// <summary>
/// The promise every parser makes about hostile input: it returns a sound object or throws the project's own
/// <see cref="FirmwareToolsException"/>. Anything else escapes from <see cref="Keep"/> and is a crash.
/// </summary>
public static class Promise
{
    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; true when the parser accepted it, false when it refused it the project's way.</summary>
    public static bool Keep(IFuzzTarget target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target.Run(input);
            return true;
        }
        catch (FirmwareToolsException)
        {
            return false;
        }
    }
}
