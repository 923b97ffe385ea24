using System.Text.Json;

namespace FirmwareTools.Tests.Peers;

/// <summary>What a node peer script did: its exit code, its output, and the JSON line it printed last.</summary>
internal sealed record NodeRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last non-empty stdout line parsed as JSON (the peer scripts print their result that way).</summary>
    public JsonElement Result
    {
        get
        {
            string? line = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (line is null)
            {
                throw new InvalidOperationException($"The peer printed nothing on stdout (exit {ExitCode}). stderr:\n{StandardError}");
            }

            using JsonDocument document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
