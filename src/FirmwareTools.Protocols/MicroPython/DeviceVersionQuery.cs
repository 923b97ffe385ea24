using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
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
            progress?.Report(new OperationProgress("Querying boards", 0, ports.Count, clock.Elapsed));
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, ThrottleLimit), CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, ports.Count, parallel, i =>
                {
                    results[i] = QueryOne(ports[i], log, cancellationToken);
                    int n = Interlocked.Increment(ref done);
                    progress?.Report(new OperationProgress("Querying boards", n, ports.Count, clock.Elapsed, ports[i], n == ports.Count));
                });
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                throw e.InnerException;
            }

            return results;
        }

        private DeviceVersionQueryResult QueryOne(string name, OperationLog? log, CancellationToken cancellationToken)
        {
            try
            {
                log.Verbose($"{name}: opening at {BaudRate} baud");
                using ISerialPort port = open(name, new SerialPortSettings { BaudRate = BaudRate }, cancellationToken);
                return new DeviceVersionQueryResult(name, DeviceVersionReader.Read(port, ReplOptions, log, cancellationToken), null);
            }
            catch (FirmwareToolsException e)
            {
                return new DeviceVersionQueryResult(name, null, e);
            }
        }
    }
}
