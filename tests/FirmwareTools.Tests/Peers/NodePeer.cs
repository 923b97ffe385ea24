using System.Diagnostics;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// Runs the npm peers in tests/peers with node: finds the repository root, checks that
/// tools/install-test-deps.sh has installed the package, and bounds every run (the process tree is
/// killed on timeout, and the test fails saying so).
/// </summary>
internal static class NodePeer
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PeersDirectory => Path.Combine(RepoRoot, "tests", "peers");

    /// <summary>Fails the test with the install command when an npm peer is missing.</summary>
    public static void RequirePackage(string package)
    {
        string path = Path.Combine(PeersDirectory, "node_modules", package, "package.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The npm peer '{package}' is not installed ({path} is missing). Run `bash tools/install-test-deps.sh` from {RepoRoot} once; it installs the peers pinned by tests/peers/package-lock.json.");
        }
    }

    public static NodeRun Run(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeersDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(PeersDirectory, script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; is node on PATH?");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"node {script} did not finish within {timeout.TotalSeconds} s and was killed. stderr so far:\n{stderr.Result}");
        }

        process.WaitForExit();
        return new NodeRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirmwareTools.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No FirmwareTools.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
