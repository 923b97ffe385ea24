using System.Globalization;
using System.Management.Automation.Host;

namespace FirmwareTools.Simulators.Demo;

/// <summary>The PSHost the demo runs PowerShell in: a <see cref="DemoUserInterface"/> over the process's console.</summary>
internal sealed class DemoHost : PSHost
{
    private readonly Guid id = Guid.NewGuid();
    private readonly DemoUserInterface ui;

    public DemoHost(DemoUserInterface ui) => this.ui = ui;

    public override PSHostUserInterface UI => ui;

    public override string Name => "FirmwareToolsDemo";

    public override Version Version => new(1, 0);

    public override Guid InstanceId => id;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

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
