namespace FirmwareTools.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Run"/> feeds the input to the parser the way the module would meet it
/// (a file, a device's reply, a web page) and checks that what comes back is sound. It may let the project's own
/// <see cref="FirmwareTools.Protocols.FirmwareToolsException"/> escape (the promise allows it); anything else that
/// escapes is a crash. Its seeds live in corpus/&lt;Name&gt;/seed, the crashes AFL++ found in corpus/&lt;Name&gt;/regression.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>Lower-case, dash-separated: the corpus folder and the argument of tools/fuzz.sh.</summary>
    string Name { get; }

    /// <summary>What it feeds and to which parser (printed by "list").</summary>
    string Description { get; }

    void Run(byte[] input);
}
