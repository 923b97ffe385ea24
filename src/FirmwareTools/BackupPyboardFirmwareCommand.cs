using System;
using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Reads a pyboard's flash, in DFU mode, to a raw file plus a .json sidecar.</para>
    /// </summary>
    [Cmdlet(VerbsData.Backup, "PyboardFirmware", HelpUri = HelpUris.Pages + "Backup-PyboardFirmware.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DfuSeBackupResult))]
    public sealed class BackupPyboardFirmwareCommand : PyboardCmdlet
    {
        private uint? address;
        private long? length;

        /// <summary>The backup file to create. Takes a script block per board: -Path { "$($_.SerialNumber).bin" }.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>First address to read, in hex as memory maps print it (08000000 or 0x08000000). Default: the start of internal flash.</summary>
        [Parameter]
        [FlashAddressTransformation]
        public uint Address
        {
            get => address ?? 0;
            set => address = value;
        }

        /// <summary>Bytes to read. Default: all readable internal flash (1 MiB on an STM32F405).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public long Length
        {
            get => length ?? 0;
            set => length = value;
        }

        /// <summary>Overwrites an existing backup file and sidecar, and creates the file's folder when it is missing.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                string destination = ResolveDestination(Path);
                string folder = System.IO.Path.GetDirectoryName(destination) ?? ".";
                if (!System.IO.Directory.Exists(folder))
                {
                    if (!Force.IsPresent)
                    {
                        throw CommonErrors.BackupFolderMissing(destination, folder);
                    }

                    WriteVerbose($"Creating the folder '{folder}' for the backup (-Force).");
                }

                DfuDevice device = SelectBoard();
                string what = length is long n
                    ? string.Format(CultureInfo.InvariantCulture, "Read {0} bytes of flash to {1}", n, destination)
                    : $"Read the whole internal flash to {destination}";
                if (!ShouldProcess(device.ToString(), what))
                {
                    return;
                }

                var options = new DfuSeBackupOptions { Address = address, Length = length, Force = Force.IsPresent };
                WriteObject(RunOperation(BoardName(device), (log, progress, cancel) => PyboardBackup.Run(device, destination, options, progress, log, cancel)));
            }
            catch (FirmwareToolsException e)
            {
                WriteFirmwareError(e);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the reader wrote nothing in place of the destination and left the device idle.
            }
        }
    }
}
