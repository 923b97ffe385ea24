using System.Diagnostics;
using System.Text.Json;

namespace FirmwareTools.Simulators.MicroPython;

/// <summary>
/// The real MicroPython peer: tests/peers/micropython-repl-bridge.js running the npm webassembly interpreter behind
/// a loopback TCP port (bound to port 0 by the bridge itself). Optionally also behind a pseudo-terminal made by
/// socat, so the OS serial backend (System.IO.Ports) talks to it as to a USB-serial board.
/// </summary>
public sealed class MicroPythonBridgeProcess : IDisposable
{
    private const string Package = "@micropython/micropython-webassembly-pyscript";

    private readonly Process node;
    private readonly Task<string> nodeErrors;
    private Process? socat;
    private string? ptyDirectory;

    private MicroPythonBridgeProcess(Process node, int port)
    {
        this.node = node;
        Port = port;
        nodeErrors = node.StandardError.ReadToEndAsync();
    }

    public int Port { get; }

    /// <summary>The bridge as a raw TCP serial port name.</summary>
    public string Url => $"socket://127.0.0.1:{Port}";

    /// <summary>The pseudo-terminal path after <see cref="StartPty"/>.</summary>
    public string? PtyPath { get; private set; }

    /// <summary>The interpreter version the pinned package carries (its package.json), e.g. 1.27.0.</summary>
    public static string PackageVersion
    {
        get
        {
            string json = File.ReadAllText(Path.Combine(PackageDirectory, "package.json"));
            using JsonDocument doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("version").GetString() ?? throw new InvalidDataException("package.json has no version");
        }
    }

    public static string PeersDirectory { get; } = FindPeersDirectory();

    private static string PackageDirectory => Path.Combine(PeersDirectory, "node_modules", "@micropython", "micropython-webassembly-pyscript");

    /// <summary>Starts the bridge; <paramref name="unameLikePyboard"/> gives the interpreter a pyboard-shaped os.uname().</summary>
    public static MicroPythonBridgeProcess Start(bool unameLikePyboard = false)
    {
        if (!File.Exists(Path.Combine(PackageDirectory, "package.json")))
        {
            throw new InvalidOperationException($"The npm peer '{Package}' is not installed under {PeersDirectory}; run `bash tools/install-test-deps.sh` once.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeersDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(PeersDirectory, "micropython-repl-bridge.js"));
        if (unameLikePyboard)
        {
            start.ArgumentList.Add("--uname-like-pyboard");
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; is node on PATH?");

        // The bridge prints one line when it listens, or dies; a read of stdout ends either way.
        string? line = process.StandardOutput.ReadLine();
        const string prefix = "listening 127.0.0.1:";
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException($"The MicroPython bridge did not start: {line} {process.StandardError.ReadToEnd()}");
        }

        return new MicroPythonBridgeProcess(process, int.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Puts a pseudo-terminal in front of the bridge (socat PTY ↔ TCP); returns its path.</summary>
    public string StartPty()
    {
        ptyDirectory = Directory.CreateTempSubdirectory("ft-mp-pty-").FullName;
        string link = Path.Combine(ptyDirectory, "ttyMP0");
        var start = new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={link}", $"tcp:127.0.0.1:{Port}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        while (true)
        {
            string? line = socat.StandardError.ReadLine();
            if (line is null)
            {
                throw new InvalidOperationException("socat ended before the pseudo-terminal was ready");
            }

            if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
            {
                break;
            }
        }

        _ = socat.StandardError.ReadToEndAsync();
        PtyPath = link;
        return link;
    }

    /// <summary>What the bridge wrote on stderr (valid after <see cref="Dispose"/>).</summary>
    public string Errors => nodeErrors.IsCompleted ? nodeErrors.Result : string.Empty;

    public void Dispose()
    {
        if (socat is { HasExited: false })
        {
            socat.Kill(entireProcessTree: true);
            socat.WaitForExit();
        }

        socat?.Dispose();
        if (!node.HasExited)
        {
            node.Kill(entireProcessTree: true);
        }

        node.WaitForExit();
        node.Dispose();
        if (ptyDirectory != null)
        {
            Directory.Delete(ptyDirectory, recursive: true);
        }
    }

    private static string FindPeersDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirmwareTools.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "peers");
            }
        }

        throw new InvalidOperationException($"No FirmwareTools.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
