using System.Diagnostics;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// Sends POSIX signals to a child process the way a script or service manager does. Process.Kill sends SIGKILL,
/// which no program can handle, so a graceful stop (SIGTERM) goes through the kill(1) command.
/// </summary>
public static class ProcessSignals
{
    public static void Terminate(Process process)
    {
        var start = new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process kill = Process.Start(start) ?? throw new InvalidOperationException("kill(1) did not start");
        string error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed ({kill.ExitCode}): {error}");
        }
    }
}
