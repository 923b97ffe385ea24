using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// README's version query on a virtual board that runs MicroPython: its REPL on a serial line served over loopback
/// TCP, so the module reaches it as <c>socket://127.0.0.1:PORT</c>, the way ser2net or an emulator exposes a port.
/// </summary>
public sealed class ReplDemo : IDemoBoard
{
    private VirtualReplBoard? board;
    private SerialTcpServer? server;

    public string Title => "a board running MicroPython (virtual REPL on a serial line)";

    public IReadOnlyList<DemoStep> Steps => server is null
        ? []
        : [new("Ask the board over its REPL what firmware it runs (os.uname(), without resetting it).", $"Get-DeviceVersion -Port {server.Url}")];

    public IReadOnlyDictionary<string, string> Start(string folder, double timeScale)
    {
        var link = new VirtualSerialLink("demo-repl");
        board = new VirtualReplBoard(link).Start();
        server = new SerialTcpServer(link, SerialTcpServerMode.Raw).Start();
        return new Dictionary<string, string>();
    }

    public bool Check(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (board is null)
        {
            return false;
        }

        // The query must leave the board as it found it: back in the friendly REPL, never soft-reset.
        bool untouched = !board.InRawRepl && board.SoftResets == 0;
        output.WriteLine($"After: the board ran {board.Executed.Count} query script(s), is back at its friendly REPL and was {(board.SoftResets == 0 ? "not reset" : "RESET")}.");
        return untouched && board.Executed.Count == 1;
    }

    public void Dispose()
    {
        server?.Dispose();
        board?.Dispose();
    }
}
