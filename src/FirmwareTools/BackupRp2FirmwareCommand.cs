using System;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Rp2Board;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Reads the whole flash of a Raspberry Pi Pico in BOOTSEL mode to a raw file plus a .json sidecar.</para>
    /// </summary>
    [Cmdlet(VerbsData.Backup, "Rp2Firmware", HelpUri = HelpUris.Pages + "Backup-Rp2Firmware.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Rp2BackupResult))]
    public sealed class BackupRp2FirmwareCommand : Rp2Cmdlet
    {
        /// <summary>The backup file to create; its sidecar is the same name plus .json.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Overwrites an existing backup file and sidecar.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                string destination = ResolveDestination(Path);
                Rp2Device device = SelectBoard();
                if (!ShouldProcess(device.ToString(), $"Read the whole flash to {destination}"))
                {
                    return;
                }

                var target = new Rp2BackupDestination(destination, Force.IsPresent);
                WriteObject(RunOperation(device.ToString(), (log, progress, cancel) => Rp2Backup.Run(device, target, progress, log, cancel)));
            }
            catch (FirmwareToolsException e)
            {
                WriteFirmwareError(e);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: nothing was written in place of the destination; the board stays in BOOTSEL mode.
            }
        }
    }
}
