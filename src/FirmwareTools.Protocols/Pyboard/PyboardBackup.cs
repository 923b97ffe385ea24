using System;
using System.Threading;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>Backup-PyboardFirmware below the cmdlet: read the internal flash (all of it by default) to a raw file and its .json sidecar.</summary>
    public static class PyboardBackup
    {
        public static DfuSeBackupResult Run(
            DfuDevice device,
            string path,
            DfuSeBackupOptions? options = null,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            PyboardInstaller.RequireFlashableBootloader(device, needUpload: true);
            DfuSeMemoryLayout layout = device.InternalFlash!.MemoryLayout!;

            // Resolve the range before touching the device: a bad -Address/-Length fails without any USB traffic.
            DfuSeFlashReader.ResolveRange(layout, options?.Address, options?.Length);
            DfuSeClient client = DfuSeClient.ForDevice(device, log: log);
            try
            {
                client.Open();
                return new DfuSeFlashReader(client, layout, device.SerialNumber).Backup(path, options, progress, log, cancellationToken);
            }
            finally
            {
                client.Close();
            }
        }
    }
}
