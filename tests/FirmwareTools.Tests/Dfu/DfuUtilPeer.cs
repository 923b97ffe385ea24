using System.Diagnostics;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

/// <summary>
/// Runs Debian's dfu-util tools (dfu-suffix, dfu-prefix, dfuse-pack) as independent judges of our files. A missing tool
/// fails the test: these peers are a required part of the proof, installed by tools/install-test-deps.sh.
/// </summary>
internal static class DfuUtilPeer
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    public static string Require(string tool)
    {
        IEnumerable<string> dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin");
        string? found = dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"{tool} (Debian package dfu-util) is not installed; run `bash tools/install-test-deps.sh` once, then rerun the tests.");
        }

        return found!;
    }

    public static Result Run(string workingDirectory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(tool))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();

        // A guard against a hung tool, not a speed check: these finish in well under a second.
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within 120 s.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
