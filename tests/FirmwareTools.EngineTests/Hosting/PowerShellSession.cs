using System.Management.Automation;
using System.Management.Automation.Runspaces;
using FirmwareTools.Testing;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// A PowerShell 7.6 session (the real engine, System.Management.Automation) with the built module imported from
/// out/FirmwareTools the way a user imports it, a recording console 80 columns wide, and its own temporary
/// working folder as the current location.
/// <para>Usage, in a test class marked <c>[Collection(EngineCollection.Name)]</c>:</para>
/// <code>
/// using var bench = VirtualBench.Start("3061B4493536");           // virtual pyboard(s) behind loopback USB bridges
/// using var ps = new PowerShellSession();                          // imports out/FirmwareTools/FirmwareTools.psd1
/// ps.UseBench(bench);                                              // $env:FIRMWARETOOLS_USB_BRIDGE, as a user sets it
/// ps.Host.RecordingUI.Answers.Enqueue("N");                        // answer the next -Confirm / ShouldContinue prompt
/// ScriptResult r = ps.Run("Get-DfuDevice | Install-PyboardFirmware -Path ./fw.dfu -Confirm");
/// r.Output / r.Errors / r.Progress / ps.Host.RecordingUI.Screen / .Prompts / bench.Boards[0].RequestLog
/// string table = ps.Render("Get-DfuDevice");                       // Out-Host through the 80-column console
/// </code>
/// Scripts run in one runspace, so variables persist between <see cref="Run"/> calls like lines typed at a prompt.
/// Start a long script with <see cref="Begin"/> and stop it with <see cref="RunningScript.Stop"/> (Ctrl+C); hold the
/// virtual board at a known block first with <see cref="TransferGate"/> so the stop lands mid-transfer on any machine.
/// <para>
/// For a new cmdlet: put its virtual device behind a loopback server bound to port 0, point the module at it the
/// way a user would (an environment variable set with <c>$env:</c> in the script, read by the module per command),
/// mark the test class <c>[Collection(EngineCollection.Name)]</c> (environment variables are process-wide), and
/// assert on <see cref="ScriptResult"/> and the device's own logs. Not in the hosted engine: the Utility and
/// Management cmdlets (Select-Object, Format-Table, Out-String, Get-ChildItem, Join-Path, Set-Location); use
/// ForEach-Object/Where-Object, <see cref="Render"/>, <c>$ExecutionContext.InvokeProvider</c> and [System.IO.Path].
/// </para>
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace runspace;

    /// <param name="importModule">False for tests of importing itself.</param>
    /// <param name="width">Console width Out-Host lays tables out for.</param>
    public PowerShellSession(bool importModule = true, int width = 80)
    {
        if (!File.Exists(RepoPaths.ModuleManifest))
        {
            throw new InvalidOperationException($"{RepoPaths.ModuleManifest} is missing: build the module first (dotnet build).");
        }

        Host = new RecordingHost(width);
        WorkingFolder = Directory.CreateTempSubdirectory("ft-engine-").FullName;
        var state = InitialSessionState.CreateDefault2();
        state.ThrowOnRunspaceOpenError = true;
        runspace = RunspaceFactory.CreateRunspace(Host, state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(WorkingFolder);

        // Plain text: what a redirected console or a log file gets, and what tests can compare without escape codes.
        Run("$PSStyle.OutputRendering = 'PlainText'").AssertSucceeded();
        if (importModule)
        {
            Run($"Import-Module '{RepoPaths.ModuleManifest}' -ErrorAction Stop").AssertSucceeded();
        }
    }

    public RecordingHost Host { get; }

    /// <summary>The current location of the session, a fresh temporary folder deleted at Dispose.</summary>
    public string WorkingFolder { get; }

    /// <summary>Points the module at the bench's virtual boards, as a user does: <c>$env:FIRMWARETOOLS_USB_BRIDGE = '127.0.0.1:PORT'</c>.</summary>
    public void UseBench(VirtualBench bench)
    {
        ArgumentNullException.ThrowIfNull(bench);
        SetVariable("bridge", bench.BridgeAddress);
        Run("$env:FIRMWARETOOLS_USB_BRIDGE = $bridge").AssertSucceeded();
    }

    public void SetVariable(string name, object? value) => runspace.SessionStateProxy.SetVariable(name, value);

    public object? GetVariable(string name) => runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs <paramref name="script"/> as typed at the prompt and returns everything it produced; never throws for script errors.</summary>
    public ScriptResult Run(string script)
    {
        using PowerShell ps = Create(script);
        RuntimeException? terminating = null;
        var output = new List<PSObject>();
        try
        {
            output.AddRange(ps.Invoke());
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }

        return Collect(ps, output, terminating);
    }

    /// <summary>Runs <paramref name="script"/> piped to Out-Host and returns what the 80-column console showed.</summary>
    public string Render(string script)
    {
        int before = Host.RecordingUI.Screen.Length;
        Run($"& {{ {script} }} | Out-Host").AssertSucceeded();
        return Host.RecordingUI.Screen[before..];
    }

    /// <summary>Starts <paramref name="script"/> without waiting, for tests that stop it midway.</summary>
    public RunningScript Begin(string script) => new(Create(script), Collect);

    public void Dispose()
    {
        runspace.Dispose();
        try
        {
            Directory.Delete(WorkingFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a stopped operation; the temp folder is cleaned by the OS.
        }
    }

    private PowerShell Create(string script)
    {
        PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        return ps;
    }

    private static ScriptResult Collect(PowerShell ps, List<PSObject> output, RuntimeException? terminating) => new()
    {
        Output = output,
        Errors = ps.Streams.Error.ToList(),
        Progress = ps.Streams.Progress.ToList(),
        Warnings = ps.Streams.Warning.ToList(),
        Verbose = ps.Streams.Verbose.ToList(),
        Terminating = terminating,
    };
}
