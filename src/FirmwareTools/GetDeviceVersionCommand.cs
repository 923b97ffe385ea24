using System;
using System.Collections.Generic;
using System.Management.Automation;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Asks MicroPython boards over their serial REPL which firmware they run.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeviceVersion", HelpUri = HelpUris.Pages + "Get-DeviceVersion.md")]
    [OutputType(typeof(DeviceVersion))]
    public sealed class GetDeviceVersionCommand : FirmwareCmdlet
    {
        private readonly List<string> ports = new List<string>();

        /// <summary>Serial ports: COM5, /dev/ttyACM0, socket://host:port, rfc2217://host:port; or Get-SerialPort's output.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PortName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SerialPortCompleter))]
        public string[] Port { get; set; } = Array.Empty<string>();

        /// <summary>Line speed; MicroPython's REPL runs at 115200.</summary>
        [Parameter]
        [ValidateRange(300, 12_000_000)]
        public int BaudRate { get; set; } = 115200;

        /// <summary>Seconds to wait for each answer from a board.</summary>
        [Parameter]
        [ValidateRange(1, 600)]
        public int Timeout { get; set; } = 5;

        /// <summary>
        /// Soft-reset each board inside the raw REPL before asking (a clean interpreter: boot.py runs again, main.py
        /// does not). Never done without this switch: it ends whatever the board was doing.
        /// </summary>
        [Parameter]
        public SwitchParameter SoftReset { get; set; }

        /// <summary>How many ports are queried at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        // Ports are gathered first so that many can be queried in parallel and still be reported in input order.
        protected override void ProcessRecord() => ports.AddRange(Port);

        protected override void EndProcessing()
        {
            if (ports.Count > 0)
            {
                var query = new DeviceVersionQuery
                {
                    BaudRate = BaudRate,
                    ThrottleLimit = ThrottleLimit,
                    ReplOptions = new RawReplOptions { Timeout = TimeSpan.FromSeconds(Timeout), SoftReset = SoftReset.IsPresent },
                };
                IReadOnlyList<DeviceVersionQueryResult> results = RunOperation("MicroPython boards", (log, progress, cancel) => query.Run(ports, log, progress, cancel));
                foreach (DeviceVersionQueryResult result in results)
                {
                    if (result.Error != null)
                    {
                        WriteFirmwareError(result.Error);
                    }
                    else
                    {
                        WriteObject(result.Version);
                    }
                }
            }

            base.EndProcessing();
        }
    }
}
