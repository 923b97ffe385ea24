using System.Runtime.InteropServices;

namespace FirmwareTools.Simulators;

/// <summary>
/// How a serving command (serve-dfu, serve-esp32) knows it is time to stop: Ctrl+C (SIGINT) or SIGTERM, the
/// signal `kill PID` and service managers send. Standard input is deliberately not watched, so `serve-dfu &amp;` in a
/// script (whose stdin is /dev/null) keeps serving. Both signals are cancelled so the runtime does not tear the
/// process down; the command returns from <see cref="Wait"/>, disposes its server and exits with code 0.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public StopSignal()
    {
        // PosixSignalRegistration covers SIGINT as Ctrl+C and SIGTERM on Linux and macOS, and their console-event
        // equivalents on Windows, so one mechanism serves every OS.
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>The signal that arrived, once one has.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Cancelled when a stop signal arrives.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>Blocks until SIGINT or SIGTERM arrives.</summary>
    public void Wait() => Token.WaitHandle.WaitOne();

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Cancel the default action (terminate the process) so the caller can shut its server down cleanly.
        context.Cancel = true;
        Received ??= context.Signal;
        stop.Cancel();
    }
}
