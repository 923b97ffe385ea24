namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// A virtual board the demo puts on the bench, and the commands it runs against it. More boards (the ESP32's serial
/// ROM bootloader, a REPL version query) join the demo by implementing this and being added to
/// <see cref="DemoCommand"/>'s list.
/// </summary>
public interface IDemoBoard : IDisposable
{
    /// <summary>What the demo shows with this board, one line.</summary>
    string Title { get; }

    /// <summary>Starts the virtual board, writes any input files into <paramref name="folder"/> and returns the environment variables that point the module at it.</summary>
    IReadOnlyDictionary<string, string> Start(string folder, double timeScale);

    /// <summary>The commands, in order, as a user types them.</summary>
    IReadOnlyList<DemoStep> Steps { get; }

    /// <summary>After the steps: checks the virtual board ended as it should, prints what was checked, and says whether it did.</summary>
    bool Check(TextWriter output);
}
