using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Simulators.Lab;
using FirmwareTools.Tests.Downloads;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// The virtual lab, its loopback firmware site, a cache folder and the update operation wired to them with short waits,
/// so a board that never comes back costs milliseconds. Runs a lab update as the cmdlet does: plan every port, then run.
/// </summary>
internal sealed class LabBench : IDisposable
{
    private readonly FirmwareHttp http;

    public LabBench()
    {
        http = new FirmwareHttp(FirmwareFixtures.FastOptions());
        World = new BoardUpdateWorld(Lab.Open, () => Lab.Bus, new MicroPythonFirmwareCatalog(http, Site.Root))
        {
            ReplOptions = new RawReplOptions { Timeout = TimeSpan.FromSeconds(5), EntryTimeout = TimeSpan.FromSeconds(2), EntryAttemptTimeout = TimeSpan.FromMilliseconds(500), InterruptPause = TimeSpan.FromMilliseconds(5) },
            Timeouts = new BoardUpdateTimeouts
            {
                // Long enough that a loaded machine never makes a board that is there look absent; the faults that
                // wait them out (a bootloader that never appears, a board that never comes back) cost these once.
                DfuDeviceAppears = TimeSpan.FromSeconds(1),
                BootselDeviceAppears = TimeSpan.FromSeconds(1),
                ReplReturns = TimeSpan.FromSeconds(3),
                PollInterval = TimeSpan.FromMilliseconds(20),
                ReplProbe = TimeSpan.FromSeconds(1),
                BootloaderLeaveGrace = TimeSpan.FromMilliseconds(200),
                NativeUsbPortAppears = TimeSpan.FromSeconds(1),
            },
            ListPorts = Lab.ListPorts,
        };
    }

    public VirtualLab Lab { get; } = new();

    public LabFirmwareSite Site { get; } = new();

    public FirmwareFixtures.TempFolder Cache { get; } = FirmwareFixtures.NewFolder();

    public BoardUpdateWorld World { get; }

    public List<string> Log { get; } = [];

    public BoardUpdateRequest Request(string version = "1.24.1", bool force = false, string? board = null, string? path = null) =>
        new() { Version = version, Force = force, Board = board, Path = path, CacheFolder = Cache.Path };

    public BoardUpdatePlan Plan(string port, BoardUpdateRequest request) =>
        new BoardUpdater(World).Plan(port, request, Logger(), CancellationToken.None);

    /// <summary>Plans and runs one board; the context says where it was left when it failed.</summary>
    public (BoardUpdateResult? Result, FirmwareToolsException? Error, BoardUpdateContext Context) Update(string port, BoardUpdateRequest request, CancellationToken cancellationToken = default)
    {
        var updater = new BoardUpdater(World);
        BoardUpdatePlan plan = updater.Plan(port, request, Logger(), cancellationToken);
        var context = new BoardUpdateContext(plan) { Log = Logger() };
        try
        {
            return (updater.Run(context, request, cancellationToken), null, context);
        }
        catch (FirmwareToolsException e)
        {
            return (null, e, context);
        }
    }

    /// <summary>Several boards at once, ThrottleLimit = their number, through BoardJobs as the cmdlet runs them.</summary>
    public IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> UpdateAll(IReadOnlyList<string> ports, BoardUpdateRequest request)
    {
        var updater = new BoardUpdater(World);
        var jobs = ports.Select(port => (Func<OperationLog, IProgress<OperationProgress>, CancellationToken, BoardUpdateResult>)((log, progress, cancel) =>
        {
            BoardUpdatePlan plan = updater.Plan(port, request, log, cancel);
            return updater.Run(new BoardUpdateContext(plan) { Log = log, Progress = progress }, request, cancel);
        })).ToList();
        return new BoardJobs<BoardUpdateResult>(ports.Count).Run(jobs, CancellationToken.None);
    }

    public void Dispose()
    {
        Lab.Dispose();
        Site.Dispose();
        Cache.Dispose();
        http.Dispose();
    }

    private OperationLog Logger() => (level, message) =>
    {
        lock (Log)
        {
            Log.Add($"{level}: {message}");
        }
    };
}
