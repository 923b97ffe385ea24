using System.Diagnostics;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// Two connected pseudo-terminals made by Debian's socat (installed by tools/install-test-deps.sh): what one end
/// writes the other reads, as on a null-modem cable. Ready when socat says it started its transfer loop.
/// </summary>
internal sealed class SocatPtyPair : IDisposable
{
    private readonly Process process;
    private readonly Task<string> drain;
    private bool disposed;

    public SocatPtyPair()
    {
        var start = new ProcessStartInfo("socat", ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        var ptys = new List<string>();
        while (true)
        {
            string? line = process.StandardError.ReadLine();
            if (line is null)
            {
                throw new InvalidOperationException("socat ended before both pseudo-terminals were ready: " + string.Join(" | ", ptys));
            }

            int at = line.IndexOf("PTY is ", StringComparison.Ordinal);
            if (at >= 0)
            {
                ptys.Add(line[(at + "PTY is ".Length)..].Trim());
            }

            if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
            {
                break;
            }
        }

        // Keep draining socat's log so it never blocks on a full pipe.
        drain = process.StandardError.ReadToEndAsync();
        A = ptys[0];
        B = ptys[1];
    }

    public string A { get; }

    public string B { get; }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
