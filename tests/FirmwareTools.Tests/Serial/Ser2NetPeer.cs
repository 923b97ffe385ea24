using System.Diagnostics;
using System.Globalization;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// Debian's ser2net (installed by tools/install-test-deps.sh) serving one end of a socat pty pair as an RFC 2217
/// telnet port bound to 127.0.0.1 port 0. The bound port is read from the kernel: the listening socket's inode among
/// ser2net's file descriptors, looked up in /proc/net/tcp (ser2net does not print it).
/// </summary>
internal sealed class Ser2NetPeer : IDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(20);
    private readonly SocatPtyPair pair = new();
    private readonly Process process;
    private readonly string config;
    private readonly Task<string> output;

    public Ser2NetPeer()
    {
        config = Path.Combine(Path.GetTempPath(), $"ft-ser2net-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, $"""
            connection: &con0
              accepter: telnet(rfc2217),tcp,127.0.0.1,0
              connector: serialdev,{pair.A},115200n81,local
              options:
                kickolduser: true

            """);
        string exe = File.Exists("/usr/sbin/ser2net") ? "/usr/sbin/ser2net" : "ser2net";
        // -n: stay in the foreground; -u: no UUCP lock files in /var/lock; -c: only our config.
        process = Process.Start(new ProcessStartInfo(exe, ["-n", "-u", "-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("ser2net did not start");
        output = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Port = WaitForListeningPort();
    }

    public int Port { get; }

    public string Url => $"rfc2217://127.0.0.1:{Port}";

    /// <summary>The pseudo-terminal that stands for the board's UART (ser2net serves the other end).</summary>
    public string BoardEnd => pair.B;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
        pair.Dispose();
        File.Delete(config);
    }

    private int WaitForListeningPort()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartupLimit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("ser2net exited: " + output.Result);
            }

            int? port = ListeningPort(process.Id);
            if (port.HasValue)
            {
                return port.Value;
            }

            // Readiness has no event to wait on; look again shortly (the deadline only bounds a broken install).
            Thread.Sleep(20);
        }

        throw new TimeoutException("ser2net did not start listening within " + StartupLimit);
    }

    private static int? ListeningPort(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (string fd in Directory.GetFileSystemEntries($"/proc/{pid}/fd"))
            {
                string? target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // local_address, state 0A = LISTEN, inode in column 9.
            if (f.Length > 9 && f[3] == "0A" && inodes.Contains(f[9]))
            {
                return int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
