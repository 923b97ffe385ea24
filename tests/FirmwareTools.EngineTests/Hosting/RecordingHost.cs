using System.Globalization;
using System.Management.Automation.Host;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>A PSHost whose console is a <see cref="RecordingHostUserInterface"/> of a fixed width.</summary>
public sealed class RecordingHost : PSHost
{
    private readonly Guid id = Guid.NewGuid();

    public RecordingHost(int width = 80) => RecordingUI = new RecordingHostUserInterface(width);

    public RecordingHostUserInterface RecordingUI { get; }

    public override PSHostUserInterface UI => RecordingUI;

    public override string Name => "FirmwareToolsRecordingHost";

    public override Version Version => new(1, 0);

    public override Guid InstanceId => id;

    // Invariant culture: rendered numbers and dates compare the same on every machine.
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    public override void EnterNestedPrompt() => throw new NotSupportedException("No nested prompts (Suspend) in the recording host.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("No nested prompts in the recording host.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }
}
