using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Writes a MicroPython .uf2 to a Raspberry Pi Pico (RP2040 or RP2350) in BOOTSEL mode, verifies it and reboots it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "Rp2Firmware", HelpUri = HelpUris.Pages + "Install-Rp2Firmware.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Rp2InstallResult))]
    public sealed class InstallRp2FirmwareCommand : Rp2Cmdlet
    {
        private readonly List<Rp2InstallPreparation> confirmed = new List<Rp2InstallPreparation>();
        private const string FilesystemEffect = "may overwrite the MicroPython filesystem (-EraseFilesystem): main.py, boot.py and your files there are lost.";
        private Rp2InstallMethod? method;

        /// <summary>The .uf2 file; binds to Save-Firmware's Path and Get-ChildItem's FullName.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Picoboot (write, read back, reboot) or Drive (copy to the mounted BOOTSEL drive). Default: Picoboot where libusb can open the board.</summary>
        [Parameter]
        public Rp2InstallMethod Method
        {
            get => method ?? Rp2InstallMethod.Picoboot;
            set => method = value;
        }

        /// <summary>The MicroPython board (RPI_PICO, RPI_PICO_W, RPI_PICO2, RPI_PICO2_W...), whose filesystem region is kept; binds to Save-Firmware's Board.</summary>
        /// <remarks>No ValidateNotNullOrEmpty: a file saved with -Uri has no Board, and binding its null must not fail the pipeline.</remarks>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? Board { get; set; }

        /// <summary>Allows the firmware to overwrite the MicroPython filesystem (the files on the board are lost).</summary>
        [Parameter]
        public SwitchParameter EraseFilesystem { get; set; }

        /// <summary>Where the board's BOOTSEL drive is mounted, for -Method Drive when it is not found by itself.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DrivePath { get; set; }

        /// <summary>How many boards are written at once; above 1 every board is checked and confirmed first, then all are written together.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        protected override void ProcessRecord()
        {
            try
            {
                string file = ResolveSingleFile(Path);
                Rp2Device device = SelectBoard();
                Rp2InstallPreparation prepared = Rp2Installer.Prepare(device, new Rp2InstallRequest
                {
                    Path = file,
                    Method = method,
                    Board = string.IsNullOrEmpty(Board) ? null : Board,
                    EraseFilesystem = EraseFilesystem.IsPresent,
                    DrivePath = DrivePath is null ? null : ResolveDestination(DrivePath),
                });
                foreach (string warning in prepared.Warnings)
                {
                    WriteWarning(warning);
                }

                if (prepared.Method == Rp2InstallMethod.Drive)
                {
                    WriteWarning($"-Method Drive cannot read the flash back: success will only mean that {device} left BOOTSEL mode. Use -Method Picoboot to verify.");
                }

                // One question per board (-Confirm:$false answers it in a script); with -EraseFilesystem it names the files.
                if (!ShouldFlash(device.ToString(), prepared.Description, EraseFilesystem.IsPresent ? FilesystemEffect : null))
                {
                    return;
                }

                if (ThrottleLimit > 1)
                {
                    confirmed.Add(prepared);
                    return;
                }

                WriteObject(RunFlash(device.ToString(), (log, progress, cancel) => Rp2Installer.Install(prepared, UsbBackends.GetDefault(log), progress, log, cancel)));
            }
            catch (FirmwareToolsException e)
            {
                // One failing board is reported and the pipeline goes on to the next.
                WriteFirmwareError(e);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the writer stopped between sector groups and did not reboot: the board stays in BOOTSEL mode.
            }
        }

        protected override void EndProcessing()
        {
            if (confirmed.Count > 0)
            {
                RunBoardJobs(
                    confirmed.Select(p => p.Device.ToString()).ToList(),
                    confirmed.Select(p => (Func<OperationLog, IProgress<OperationProgress>, System.Threading.CancellationToken, Rp2InstallResult>)((log, progress, cancel) => Rp2Installer.Install(p, UsbBackends.GetDefault(log), progress, log, cancel))).ToList(),
                    ThrottleLimit,
                    WriteObject);
            }

            base.EndProcessing();
        }

        // Ctrl+C stopped these boards mid-flash: each stays in BOOTSEL, its flash perhaps half written.
        protected override void OnBoardsStopped(IReadOnlyList<string> unfinished)
        {
            foreach (string board in unfinished)
            {
                WarnStoppedFlash(board);
            }
        }
    }
}
