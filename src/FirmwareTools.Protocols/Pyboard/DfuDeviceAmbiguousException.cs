using System.Collections.Generic;
using System.Linq;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>Several boards are in DFU mode and none was named: flashing "the" board would be a guess.</summary>
    public sealed class DfuDeviceAmbiguousException : FirmwareToolsException
    {
        public DfuDeviceAmbiguousException(IReadOnlyList<DfuDevice> candidates)
            : base(
                $"{candidates.Count} boards are in DFU mode: {string.Join("; ", candidates.Select(d => d.ToString()))}. Nothing was written.",
                string.Join(", ", candidates.Select(d => d.SerialNumber ?? d.PortPath)),
                "Pick one with -SerialNumber, or pipe the boards you mean: Get-DfuDevice | Install-PyboardFirmware ... flashes each in turn.",
                null)
        {
            Candidates = candidates;
        }

        public IReadOnlyList<DfuDevice> Candidates { get; }

        public override string ErrorId => "DfuDeviceAmbiguous";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
