using System.Collections.Generic;
using System.Linq;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>A request whose files were read and checked: what will be written where (nothing touched the port yet).</summary>
    public sealed class Esp32InstallPreparation
    {
        internal Esp32InstallPreparation(Esp32InstallRequest request, IReadOnlyList<Esp32PlannedRegion> regions, IReadOnlyList<string> warnings, PycomPackage? package = null, string? packageDescription = null)
        {
            Package = package;
            packagePlans = packageDescription;
            Request = request;
            Regions = regions;
            Warnings = warnings;
        }

        private readonly string? packagePlans;

        public Esp32InstallRequest Request { get; }

        /// <summary>The Pycom package whose script runs (the plan is made once the flash size is detected); null for files.</summary>
        public PycomPackage? Package { get; }

        public IReadOnlyList<Esp32PlannedRegion> Regions { get; }

        public IReadOnlyList<string> Warnings { get; }

        /// <summary>For ShouldProcess: "Write 0x1000 bootloader.bin (12.6 KiB), ... and verify".</summary>
        public string Description =>
            (Request.EraseAll ? "Erase the WHOLE flash (everything on it, including the config block with the LoRa/Sigfox MACs and the file system), then " : string.Empty) +
            (Package is null
                ? "Write " + string.Join(", ", Regions.Select(r => $"{r} ({ByteSize.Format(r.Length)})"))
                : packagePlans) +
            (Request.SkipUnchanged ? ", skipping regions whose MD5 on the chip already matches," : string.Empty) +
            (Request.Verify ? " and verify by MD5" : " without verifying");
    }
}
