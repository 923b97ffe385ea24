using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// A console for the demo: what PowerShell writes goes to standard output (escape codes dropped when it is
/// redirected), and progress records are drawn as a bar on one line of standard error, as pwsh draws them.
/// </summary>
internal sealed partial class DemoUserInterface : PSHostUserInterface
{
    private const int BarWidth = 30;
    private readonly TextWriter output;
    private readonly TextWriter progressOutput;
    private readonly bool plain;
    private readonly bool interactiveProgress;
    private readonly object gate = new();
    private readonly int width;
    private string? lastBar;

    public DemoUserInterface(TextWriter output, TextWriter progressOutput, int width, bool plain, bool interactiveProgress)
    {
        this.output = output;
        this.progressOutput = progressOutput;
        this.plain = plain;
        this.interactiveProgress = interactiveProgress;
        this.width = width;
        RawUI = new DemoRawUserInterface(width);
    }

    public override PSHostRawUserInterface RawUI { get; }

    public override bool SupportsVirtualTerminal => !plain;

    public override void Write(string value) => WriteText(value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => WriteText(value);

    public override void WriteLine(string value) => WriteText(value + Environment.NewLine);

    public override void WriteErrorLine(string value) => WriteText(value + Environment.NewLine);

    public override void WriteWarningLine(string message) => WriteText("WARNING: " + message + Environment.NewLine);

    public override void WriteVerboseLine(string message)
    {
    }

    public override void WriteDebugLine(string message)
    {
    }

    public override void WriteInformation(InformationRecord record)
    {
        if (record.Tags.Contains("PSHOST"))
        {
            WriteText(record.MessageData + Environment.NewLine);
        }
    }

    /// <summary>"[#########           ]  45% Installing firmware on ...: Write"; a Completed record ends the line.</summary>
    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                if (lastBar != null)
                {
                    string done = Bar(100, record.Activity, width);
                    progressOutput.Write(interactiveProgress ? "\r" + Erasing(done) + Environment.NewLine : done + Environment.NewLine);
                    lastBar = null;
                }

                return;
            }

            int percent = Math.Clamp(record.PercentComplete, 0, 100);
            string bar = Bar(percent, record.Activity, width);
            if (interactiveProgress)
            {
                progressOutput.Write("\r" + Erasing(bar));
            }

            lastBar = bar;
        }
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new PSInvalidOperationException($"The demo does not answer prompts (\"{caption}\"); its commands pass -Confirm:$false.");

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new PSInvalidOperationException("The demo takes no typed input.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new PSInvalidOperationException("The demo has no credentials.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new PSInvalidOperationException("The demo has no credentials.");

    public override string ReadLine() => throw new PSInvalidOperationException("The demo takes no typed input.");

    public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("The demo takes no typed input.");

    /// <summary>
    /// One bar line, cut to one column less than the console: a line that wraps cannot be redrawn with "\r", and left its
    /// first part behind at every redraw ("0%" lines at 80 columns).
    /// </summary>
    internal static string Bar(int percent, string activity, int width)
    {
        int filled = percent * BarWidth / 100;
        string bar = $"[{new string('#', filled)}{new string(' ', BarWidth - filled)}] {percent,3}% {activity}";
        int room = Math.Max(BarWidth + 8, width - 1);
        return bar.Length <= room ? bar : bar[..(room - 1)] + "…";
    }

    /// <summary>A bar padded to the console's width less one, so a redraw covers a longer bar drawn before it.</summary>
    private string Erasing(string bar) => bar.PadRight(Math.Max(bar.Length, width - 1));

    private void WriteText(string text)
    {
        lock (gate)
        {
            if (lastBar != null && interactiveProgress)
            {
                // Output while a bar is drawn goes on a fresh line, and the bar is drawn again below it.
                progressOutput.Write(Environment.NewLine);
            }

            output.Write(plain ? AnsiEscape().Replace(text, string.Empty) : text);
            output.Flush();
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
