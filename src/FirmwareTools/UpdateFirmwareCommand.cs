using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Brings running MicroPython boards to the wanted firmware version, each through its own bootloader, and confirms it by asking each board afterwards.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "Firmware", HelpUri = HelpUris.Pages + "Update-Firmware.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(BoardUpdateResult))]
    public sealed class UpdateFirmwareCommand : FirmwareCmdlet
    {
        /// <summary>The environment variable naming a mirror of micropython.org's download pages (a loopback site in tests and demos).</summary>
        public const string SiteVariable = "FIRMWARETOOLS_MICROPYTHON_SITE";

        private readonly List<string> ports = new List<string>();
        private readonly Dictionary<string, BoardUpdateContext> running = new Dictionary<string, BoardUpdateContext>(StringComparer.Ordinal);

        /// <summary>Serial ports of running boards: COM5, /dev/ttyACM0, socket://host:port, rfc2217://host:port; or Get-SerialPort's and Get-DeviceVersion's output.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PortName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SerialPortCompleter))]
        public string[] Port { get; set; } = Array.Empty<string>();

        /// <summary>latest (the newest stable release), preview (the newest build), or a release such as 1.24.1.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; } = "latest";

        /// <summary>The board id to flash instead of the one each board reports (PYBV11, ESP32_GENERIC-SPIRAM).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Board { get; set; }

        /// <summary>A firmware file to flash instead of downloading one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Reflash boards that already run the version; flash a board whose id differs from -Board.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Flash a board that runs a newer version than the wanted one (a preview); without it such a board is skipped with a warning.</summary>
        [Parameter]
        public SwitchParameter AllowDowngrade { get; set; }

        /// <summary>How many boards are updated at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>The download cache folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DestinationPath { get; set; }

        protected override void ProcessRecord() => ports.AddRange(Port);

        protected override void EndProcessing()
        {
            try
            {
                if (ports.Count > 0)
                {
                    UpdateAll();
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }

        /// <summary>Ctrl+C in a lab run: where each unfinished board was left.</summary>
        protected override void OnBoardsStopped(IReadOnlyList<string> unfinished)
        {
            foreach (string port in unfinished.Distinct(StringComparer.Ordinal))
            {
                string where = running.TryGetValue(port, out BoardUpdateContext? context) ? context.DescribeStage() : "still on its old firmware";
                Host.UI.WriteWarningLine($"Stopped: {port} is {where}.");
            }
        }

        private void UpdateAll()
        {
            string version = Version.Trim();
            if (!FirmwareSelector.IsLatest(version) && !string.Equals(version, "preview", StringComparison.OrdinalIgnoreCase) && !FirmwareVersion.TryParse(version, out _))
            {
                ThrowFirmwareError(BoardUpdateErrors.VersionInvalid(Version));
            }

            var request = new BoardUpdateRequest
            {
                Version = version,
                Board = Board,
                Path = Path is null ? null : ResolveSingleFile(Path),
                Force = Force.IsPresent,
                AllowDowngrade = AllowDowngrade.IsPresent,
                CacheFolder = ResolveDestination(DestinationPath ?? DefaultCacheFolder()),
            };

            string? site = Environment.GetEnvironmentVariable(SiteVariable);
            Uri? siteRoot = string.IsNullOrWhiteSpace(site) ? null : new Uri(site!.EndsWith("/", StringComparison.Ordinal) ? site : site + "/");
            using var http = new FirmwareHttp(new FirmwareHttpOptions { AllowHttp = siteRoot?.IsLoopback == true });
            IUsbBackend? usb = null;
            var world = new BoardUpdateWorld(
                (name, settings, cancel) => SerialPorts.Open(name, settings, cancel),
                () => usb ??= UsbBackends.GetDefault(),
                new MicroPythonFirmwareCatalog(http, siteRoot));
            var updater = new BoardUpdater(world);

            // Step 1: read every board (its version only), choose its file and route; nothing changes on a board.
            IReadOnlyList<BoardJobOutcome<BoardUpdatePlan>> plans = RunOperation("MicroPython boards", (log, progress, cancel) => PlanAll(updater, request, log, progress, cancel));

            // The plan for the whole lab, one line per board; -WhatIf stops here.
            var jobs = new List<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, BoardUpdateResult>>();
            var targets = new List<string>();
            for (int i = 0; i < plans.Count; i++)
            {
                string port = ports[i];
                BoardJobOutcome<BoardUpdatePlan> outcome = plans[i];
                if (outcome.Cancelled)
                {
                    return;
                }

                if (outcome.Error is FirmwareToolsException failure)
                {
                    jobs.Add((log, progress, cancel) => new BoardUpdateResult(port, BoardUpdateAction.Failed, TimeSpan.Zero) { Error = failure });
                    targets.Add(port);
                    continue;
                }

                if (outcome.Error != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(outcome.Error).Throw();
                }

                BoardUpdatePlan plan = outcome.Value!;
                if (plan.IsCurrent && !Force)
                {
                    WriteVerbose($"{plan.Identity.FullName} on {port} already runs {plan.Before}; it is not touched.");
                }
                else if (plan.IsNewer && !AllowDowngrade)
                {
                    WriteVerbose($"{plan.Identity.FullName} on {port} runs {plan.Before}, newer than {plan.Wanted}; it is skipped (-AllowDowngrade flashes it).");
                }
                else if (!ShouldProcess(plan.Description, $"Update {plan.Description}?", "Update-Firmware"))
                {
                    continue;
                }

                var context = new BoardUpdateContext(plan);
                running[port] = context;
                jobs.Add((log, progress, cancel) =>
                {
                    context.Log = log;
                    context.Progress = progress;
                    try
                    {
                        return updater.Run(context, request, cancel);
                    }
                    catch (FirmwareToolsException e) when (!cancel.IsCancellationRequested)
                    {
                        return BoardUpdateResult.Failed(context, e);
                    }
                });
                targets.Add(port);
            }

            // Step 2: the boards, ThrottleLimit at a time, each with its own progress; results in input order.
            RunBoardJobs(targets, jobs, ThrottleLimit, result =>
            {
                if (result.Error != null)
                {
                    WriteFirmwareError(result.Error);
                }

                WriteObject(result);
            });
        }

        private IReadOnlyList<BoardJobOutcome<BoardUpdatePlan>> PlanAll(BoardUpdater updater, BoardUpdateRequest request, OperationLog log, IProgress<OperationProgress> progress, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int done = 0;
            var runner = new BoardJobs<BoardUpdatePlan>(ThrottleLimit)
            {
                Finished = outcome => progress.Report(new OperationProgress("Query", Interlocked.Increment(ref done), ports.Count, clock.Elapsed, ports[outcome.Index]) { Unit = "boards" }),
            };
            var jobs = ports.Select(port => (Func<OperationLog, IProgress<OperationProgress>, CancellationToken, BoardUpdatePlan>)((jobLog, jobProgress, cancel) => updater.Plan(port, request, log, cancel))).ToList();
            return runner.Run(jobs, cancellationToken);
        }

        /// <summary>The per-user download cache: the local application data folder's FirmwareTools\firmware.</summary>
        internal static string DefaultCacheFolder() =>
            System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "FirmwareTools", "firmware");
    }
}
