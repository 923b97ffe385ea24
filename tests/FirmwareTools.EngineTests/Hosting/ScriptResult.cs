using System.Management.Automation;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>What one script run produced: output objects, non-terminating errors, progress, and the terminating error if any.</summary>
public sealed class ScriptResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }

    /// <summary>Every ErrorRecord written, in order (non-terminating ones; a terminating one is in <see cref="Terminating"/>).</summary>
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    public required IReadOnlyList<ProgressRecord> Progress { get; init; }

    public required IReadOnlyList<WarningRecord> Warnings { get; init; }

    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }

    /// <summary>The error that stopped the script (a terminating error, or a throw), or null.</summary>
    public RuntimeException? Terminating { get; init; }

    /// <summary>The base objects of <see cref="Output"/>, e.g. <c>result.Objects&lt;DfuDevice&gt;()</c>.</summary>
    public IReadOnlyList<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    /// <summary>Fails with every error text when the script wrote an error or stopped.</summary>
    public ScriptResult AssertSucceeded()
    {
        if (Terminating != null || Errors.Count > 0)
        {
            string errors = string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}"));
            throw new Xunit.Sdk.XunitException($"The script failed.\n{errors}\n{Terminating?.ErrorRecord.FullyQualifiedErrorId}: {Terminating?.Message}");
        }

        return this;
    }
}
