using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>A request whose files were read and checked: what will be written where (nothing touched the port yet).</summary>
    public sealed class Esp32InstallPreparation
    {
        internal Esp32InstallPreparation(Esp32InstallRequest request, IReadOnlyList<Esp32PlannedRegion> regions, IReadOnlyList<string> warnings)
        {
            Request = request;
            Regions = regions;
            Warnings = warnings;
        }

        public Esp32InstallRequest Request { get; }

        public IReadOnlyList<Esp32PlannedRegion> Regions { get; }

        public IReadOnlyList<string> Warnings { get; }

        public long TotalBytes => Regions.Sum(r => r.Length);

        /// <summary>For ShouldProcess: "Write 0x1000 bootloader.bin (12.6 KiB), ... and verify".</summary>
        public string Description =>
            "Write " + string.Join(", ", Regions.Select(r => $"{r} ({ByteSize.Format(r.Length)})")) +
            (Request.Verify ? " and verify by MD5" : " without verifying");
    }
}
