using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// The host's UI as a user's console would see it, recorded: everything written (Out-Host tables, "What if:"
/// lines, Write-Host), warnings, verbose and debug lines, progress records, and every prompt. Prompts
/// (-Confirm, ShouldContinue) are answered from <see cref="Answers"/> in order ("Y", "N", "A", "L" or a
/// choice's label); a prompt with no scripted answer is recorded and fails the command, so a test never hangs.
/// </summary>
public sealed partial class RecordingHostUserInterface : PSHostUserInterface
{
    private readonly object gate = new();
    private readonly StringBuilder screen = new();
    private readonly List<string> warnings = [];
    private readonly List<string> verbose = [];
    private readonly List<string> debug = [];
    private readonly List<string> errors = [];
    private readonly List<ProgressRecord> progress = [];
    private readonly List<HostPrompt> prompts = [];

    public RecordingHostUserInterface(int width) => RawUI = new RecordingRawUserInterface(width);

    public override PSHostRawUserInterface RawUI { get; }

    /// <summary>Scripted answers for the next prompts, first in first out.</summary>
    public ConcurrentQueue<string> Answers { get; } = new();

    /// <summary>Everything written to the console (Out-Host output, "What if:" lines, Write-Host), as one text.</summary>
    public string Screen
    {
        get
        {
            lock (gate)
            {
                return screen.ToString();
            }
        }
    }

    public IReadOnlyList<string> Warnings => Snapshot(warnings);

    public IReadOnlyList<string> Verbose => Snapshot(verbose);

    public IReadOnlyList<string> Debug => Snapshot(debug);

    public IReadOnlyList<string> Errors => Snapshot(errors);

    /// <summary>Progress records the host was asked to show (Write-Progress as a console renders it).</summary>
    public IReadOnlyList<ProgressRecord> Progress => Snapshot(progress);

    public IReadOnlyList<HostPrompt> Prompts => Snapshot(prompts);

    /// <summary>Forgets what was recorded so far (the answer queue is kept).</summary>
    public void Clear()
    {
        lock (gate)
        {
            screen.Clear();
            warnings.Clear();
            verbose.Clear();
            debug.Clear();
            errors.Clear();
            progress.Clear();
            prompts.Clear();
        }
    }

    public override void Write(string value) => Append(value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

    public override void WriteLine(string value) => Append(value + "\n");

    public override void WriteErrorLine(string value) => Add(errors, value);

    public override void WriteWarningLine(string message) => Add(warnings, message);

    public override void WriteVerboseLine(string message) => Add(verbose, message);

    public override void WriteDebugLine(string message) => Add(debug, message);

    public override void WriteProgress(long sourceId, ProgressRecord record) => Add(progress, record);

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host arrives here (tagged PSHOST) and is shown on the console; other information is not.
        if (record.Tags.Contains("PSHOST"))
        {
            Append(record.MessageData + "\n");
        }
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        var labels = choices.Select(c => c.Label).ToList();
        if (!Answers.TryDequeue(out string? answer))
        {
            Add(prompts, new HostPrompt(caption, message, labels, "(no scripted answer)"));
            throw new PSInvalidOperationException($"The recording host was asked \"{caption}: {message}\" but has no scripted answer (queue one in Host.UI.Answers).");
        }

        Add(prompts, new HostPrompt(caption, message, labels, answer));
        for (int i = 0; i < choices.Count; i++)
        {
            string label = choices[i].Label;
            int amp = label.IndexOf('&', StringComparison.Ordinal);
            string hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : string.Empty;
            if (string.Equals(answer, hotkey, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(answer, label.Replace("&", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new PSInvalidOperationException($"The scripted answer '{answer}' is none of the choices {string.Join(", ", labels)}.");
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new PSInvalidOperationException($"The recording host was asked for input \"{caption}: {message}\"; no cmdlet of this module should ask for typed input.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new PSInvalidOperationException("The recording host has no credentials to give.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new PSInvalidOperationException("The recording host has no credentials to give.");

    public override string ReadLine() => throw new PSInvalidOperationException("The recording host takes no typed input.");

    public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("The recording host takes no typed input.");

    private void Append(string text)
    {
        // PowerShell 7 decorates table and list labels with ANSI colours even when $PSStyle.OutputRendering is
        // PlainText and the host says it has no virtual terminal; the recording keeps the text a plain console shows.
        string plain = AnsiEscape().Replace(text, string.Empty);
        lock (gate)
        {
            screen.Append(plain);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex AnsiEscape();

    private void Add<T>(List<T> list, T item)
    {
        lock (gate)
        {
            list.Add(item);
        }
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (gate)
        {
            return list.ToArray();
        }
    }
}
