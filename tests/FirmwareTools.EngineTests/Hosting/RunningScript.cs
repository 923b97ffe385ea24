using System.Management.Automation;
using Xunit;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>A script started with <see cref="PowerShellSession.Begin"/>: stop it as Ctrl+C does, then read what it produced.</summary>
public sealed class RunningScript : IDisposable
{
    private readonly PowerShell ps;
    private readonly Func<PowerShell, List<PSObject>, RuntimeException?, ScriptResult> collect;
    private readonly PSDataCollection<PSObject> output = [];
    private readonly IAsyncResult pending;

    internal RunningScript(PowerShell ps, Func<PowerShell, List<PSObject>, RuntimeException?, ScriptResult> collect)
    {
        this.ps = ps;
        this.collect = collect;
        pending = ps.BeginInvoke<PSObject, PSObject>(null, output);
    }

    public PSInvocationState State => ps.InvocationStateInfo.State;

    /// <summary>Stops the pipeline (what Ctrl+C does) and waits until it has stopped.</summary>
    public void Stop() => ps.Stop();

    /// <summary>
    /// Waits until the script has written a progress record that <paramref name="match"/> accepts (a board has reached a
    /// step), or <paramref name="limit"/> has passed; true when it has.
    /// </summary>
    public bool WaitForProgress(Func<ProgressRecord, bool> match, TimeSpan limit)
    {
        using var seen = new ManualResetEventSlim();
        void Added(object? sender, DataAddedEventArgs e)
        {
            if (match(ps.Streams.Progress[e.Index]))
            {
                seen.Set();
            }
        }

        ps.Streams.Progress.DataAdded += Added;
        try
        {
            return ps.Streams.Progress.ToArray().Any(match) || seen.Wait(limit);
        }
        finally
        {
            ps.Streams.Progress.DataAdded -= Added;
        }
    }

    /// <summary>Waits for the script to end and returns what it produced.</summary>
    public ScriptResult Complete()
    {
        RuntimeException? terminating = null;
        try
        {
            ps.EndInvoke(pending);
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }

        return collect(ps, output.ToList(), terminating);
    }

    /// <summary>
    /// Waits until every gate holds its board, then stops the pipeline as Ctrl+C does. Stop is synchronous: it asks the
    /// cmdlet to stop (StopProcessing) and waits for the pipeline to end. The boards are let go only once the engine is
    /// stopping; whichever block an operation is at when it sees the cancellation, it must abort, leave its board idle
    /// and report nothing as a success. Returns what the script produced; it must have ended Stopped.
    /// </summary>
    public async Task<ScriptResult> StopWhileHeld(IReadOnlyList<TransferGate> gates, TimeSpan limit)
    {
        foreach (TransferGate gate in gates)
        {
            Assert.True(gate.WaitReached(limit), "a board's transfer never reached its gate");
        }

        Task stop = Task.Run(Stop);
        while (State == PSInvocationState.Running)
        {
            Thread.Yield();
        }

        // The engine reports Stopping before it calls StopProcessing: a board let go at once could run on to the end
        // before the cmdlet is told. So each board goes one block at a time, held again at the next, until the stop
        // has ended the pipeline; then all are let go.
        await StepUntilStopped(gates, stop, limit);
        foreach (TransferGate gate in gates)
        {
            gate.Release();
        }

        await stop.WaitAsync(limit);
        ScriptResult result = Complete();
        Assert.Equal(PSInvocationState.Stopped, State);
        return result;
    }

    /// <summary>Steps every gate one block at a time until <paramref name="stop"/> has ended (see <see cref="StopWhileHeld"/>).</summary>
    public static async Task StepUntilStopped(IReadOnlyList<TransferGate> gates, Task stop, TimeSpan limit)
    {
        DateTime giveUp = DateTime.UtcNow + limit;
        while (!stop.IsCompleted && DateTime.UtcNow < giveUp)
        {
            foreach (TransferGate gate in gates)
            {
                gate.Step();
            }

            Task heldAgain = Task.Run(() => WaitHandle.WaitAny(gates.Select(g => g.HeldAgain).ToArray(), limit));
            await Task.WhenAny(stop, heldAgain);
        }
    }

    public void Dispose()
    {
        ps.Dispose();
        output.Dispose();
    }
}
