using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// Get-DeviceVersion's operation: opens each port by name, asks the board its version, closes the port. Ports
    /// are queried <see cref="ThrottleLimit"/> at a time; each port's failure is its own result, so one dead board
    /// does not stop the others. Results come back in the order the ports were given.
    /// </summary>
    public sealed class DeviceVersionQuery
    {
        private readonly Func<string, SerialPortSettings, CancellationToken, ISerialPort> open;

        public DeviceVersionQuery()
            : this((name, settings, cancel) => SerialPorts.Open(name, settings, cancel))
        {
        }

        /// <summary>With another way to open ports (tests hand in virtual links).</summary>
        public DeviceVersionQuery(Func<string, SerialPortSettings, CancellationToken, ISerialPort> open) =>
            this.open = open ?? throw new ArgumentNullException(nameof(open));

        public int BaudRate { get; set; } = 115200;

        public RawReplOptions ReplOptions { get; set; } = new RawReplOptions();

        /// <summary>How many ports are queried at once.</summary>
        public int ThrottleLimit { get; set; } = 4;

        public IReadOnlyList<DeviceVersionQueryResult> Run(IReadOnlyList<string> ports, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            if (ports is null)
            {
                throw new ArgumentNullException(nameof(ports));
            }

            var results = new DeviceVersionQueryResult[ports.Count];
            var clock = Stopwatch.StartNew();
            int done = 0;
            progress?.Report(new OperationProgress("Query", 0, ports.Count, clock.Elapsed) { Unit = "boards" });
            var runner = new BoardJobs<DeviceVersionQueryResult>(Math.Max(1, ThrottleLimit))
            {
                Finished = outcome =>
                {
                    if (outcome.Succeeded)
                    {
                        int n = Interlocked.Increment(ref done);
                        progress?.Report(new OperationProgress("Query", n, ports.Count, clock.Elapsed, ports[outcome.Index], n == ports.Count) { Unit = "boards" });
                    }
                },
            };
            var jobs = new List<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, DeviceVersionQueryResult>>();
            foreach (string port in ports)
            {
                jobs.Add((jobLog, jobProgress, cancel) => QueryOne(port, log, cancel));
            }

            IReadOnlyList<BoardJobOutcome<DeviceVersionQueryResult>> outcomes = runner.Run(jobs, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < outcomes.Count; i++)
            {
                if (outcomes[i].Error is Exception error)
                {
                    // Board failures are results (QueryOne catches them); anything else is a bug and stays one.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                }

                results[i] = outcomes[i].Value!;
            }

            return results;
        }

        private DeviceVersionQueryResult QueryOne(string name, OperationLog? log, CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"{name}: opening at {BaudRate} baud, DTR and RTS raised");

                // DTR raised: native USB CDC boards stay silent without it (docs/protocols/board-update.md §3.0).
                ISerialPort port = open(name, ReplPortLines.OpenSettings(BaudRate), cancellationToken);
                try
                {
                    return new DeviceVersionQueryResult(name, DeviceVersionReader.Read(port, ReplOptions, log, cancellationToken), null);
                }
                finally
                {
                    ReplPortLines.Close(port);
                }
            }
            catch (FirmwareToolsException e)
            {
                return new DeviceVersionQueryResult(name, null, e);
            }
        }
    }
}
