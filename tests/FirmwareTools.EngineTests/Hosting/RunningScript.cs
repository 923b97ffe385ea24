using System.Management.Automation;

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

    public void Dispose()
    {
        ps.Dispose();
        output.Dispose();
    }
}
