using FirmwareTools.Protocols;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// What a board sends back on its REPL line, as records (<see cref="FuzzInput.Records"/>): each is what the board says
/// after the client's next write (the interrupt and Ctrl-A, the raw-paste request, code, Ctrl-D). DeviceVersionReader (interrupt, raw REPL greeting, raw-paste or plain
/// execution, output and error text up to \x04, the version parser) over a port that says the input and then times out
/// at once; then a RawReplSession on the same bytes with a soft reset and two short runs.
/// </summary>
public sealed class ReplOutputTarget : IFuzzTarget
{
    private const string Port = "fuzz-repl";

    public string Name => "repl-output";

    public string Description => "RawReplSession and DeviceVersionReader/DeviceVersionParser over a serial line saying the input";

    public void Run(byte[] input)
    {
        Session(input);
        DeviceVersion version = DeviceVersionReader.Read(FuzzSerialPort.Answering(FuzzInput.Records(input), Port), Options(), null, CancellationToken.None);
        BrokenPromiseException.Check(version.Port == Port && version.ToString().Length > 0, "a device version names its port and prints");
        BrokenPromiseException.Check(version.Release is not null || version.Version is not null || version.Source == DeviceVersionSource.Sys, "a uname answer has a release or a version");
    }

    /// <summary>A session on the same bytes, cut in 7-byte pieces, that soft-resets and runs code twice; its refusals are the project's.</summary>
    private static void Session(byte[] input)
    {
        FuzzSerialPort port = FuzzSerialPort.Answering(FuzzInput.Records(input), Port, chunk: 7);
        using var session = new RawReplSession(port, Options());
        try
        {
            session.Enter(softReset: true, CancellationToken.None);
            BrokenPromiseException.Check(session.InRawRepl, "a session that entered is in the raw REPL");
            for (int i = 0; i < 2; i++)
            {
                try
                {
                    string output = session.Execute("print('hello')", CancellationToken.None);
                    BrokenPromiseException.Check(output.IndexOf('\u0004', StringComparison.Ordinal) < 0, "output ends before its \\x04");
                }
                catch (FirmwareError e) when (e.Definition == MicroPythonErrors.CodeFailedId)
                {
                    BrokenPromiseException.Check(e.Message.Length > 0, "a board error says what it was");
                }
            }

            session.Exit(CancellationToken.None);
        }
        catch (FirmwareToolsException)
        {
            // Refused the project's way; the version reader below is the target's verdict.
        }

        BrokenPromiseException.Check(session.LastSeen is not null, "the last bytes seen print");
    }

    /// <summary>Short waits: once the input is used up, the next marker's timeout ends the run within milliseconds.</summary>
    private static RawReplOptions Options() => new()
    {
        Timeout = TimeSpan.FromMilliseconds(2),
        InterruptPause = TimeSpan.Zero,
    };
}
