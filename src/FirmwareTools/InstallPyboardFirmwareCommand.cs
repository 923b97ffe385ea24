using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols.Pyboard;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Flashes a DfuSe .dfu file, or restores a raw image at an address, on an STM32 pyboard in DFU mode.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "PyboardFirmware", HelpUri = HelpUris.Pages + "Install-PyboardFirmware.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PyboardInstallResult))]
    public sealed class InstallPyboardFirmwareCommand : PyboardCmdlet
    {
        private readonly List<PyboardInstallPreparation> confirmed = new List<PyboardInstallPreparation>();
        private uint? address;

        /// <summary>The firmware file; binds to Save-Firmware's Path and Get-ChildItem's FullName.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Where a raw image belongs (restore), in hex as memory maps print it: 08000000 or 0x08000000.</summary>
        [Parameter]
        [FlashAddressTransformation]
        public uint Address
        {
            get => address ?? 0;
            set => address = value;
        }

        /// <summary>Reads every written byte back and compares.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>Stays in DFU mode after writing.</summary>
        [Parameter]
        public SwitchParameter NoReset { get; set; }

        /// <summary>Mass-erases the chip first: wipes the pyboard's filesystem.</summary>
        [Parameter]
        public SwitchParameter FullErase { get; set; }

        /// <summary>Backs up the whole internal flash to this file before erasing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>Overrides safety refusals (bad suffix CRC, suffix for another device).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// How many boards are flashed at once. 1 (the default) flashes each board as it comes down the pipeline.
        /// Above 1, every board is checked and confirmed as it arrives, then all are flashed together once the input
        /// ends, and their results come at the end, in the order the boards were given.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        protected override void ProcessRecord()
        {
            try
            {
                string file = ResolveSingleFile(Path);

                // Before a board is looked for: an ESP32 file is refused by what it is, naming the cmdlet that takes it.
                FirmwareFamily.RequireStm32(file);
                DfuDevice device = SelectBoard();

                PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest
                {
                    Path = file,
                    Address = address,
                    Verify = Verify.IsPresent,
                    NoReset = NoReset.IsPresent,
                    FullErase = FullErase.IsPresent,
                    BackupPath = BackupPath is null ? null : ResolveDestination(BackupPath),
                    Force = Force.IsPresent,
                });
                foreach (string warning in prepared.Warnings)
                {
                    WriteWarning(warning);
                }

                // One question per board; when the install touches the filesystem the question says what happens to the files.
                if (!ShouldFlash(device.ToString(), prepared.Description, prepared.FilesystemEffect))
                {
                    return;
                }

                if (ThrottleLimit > 1)
                {
                    // Prompts cannot come from workers: each board is confirmed here, before any flashing starts.
                    confirmed.Add(prepared);
                    return;
                }

                PyboardInstallResult result = RunFlash(BoardName(device), (log, progress, cancel) => PyboardInstaller.Install(prepared, progress, log, cancel));
                WriteObject(result);
            }
            catch (FirmwareToolsException e)
            {
                // One failing board is reported and the pipeline goes on to the next.
                WriteFirmwareError(e);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the flasher already left the device idle; PowerShell stops the pipeline.
            }
        }

        protected override void EndProcessing()
        {
            if (confirmed.Count > 0)
            {
                RunBoardJobs(
                    confirmed.Select(p => BoardName(p.Device)).ToList(),
                    confirmed.Select(p => (Func<OperationLog, IProgress<OperationProgress>, System.Threading.CancellationToken, PyboardInstallResult>)((log, progress, cancel) => PyboardInstaller.Install(p, progress, log, cancel))).ToList(),
                    ThrottleLimit,
                    WriteObject);
            }

            base.EndProcessing();
        }

        /// <summary>Ctrl+C in a lab run: each board that had not finished may hold incomplete firmware.</summary>
        protected override void OnBoardsStopped(IReadOnlyList<string> unfinished)
        {
            foreach (string board in unfinished)
            {
                WarnStoppedFlash(board);
            }
        }
    }
}
