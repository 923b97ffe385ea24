using System;
using System.Threading;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>Where Update-Firmware gets each board's file: the release chosen for a board, then the file, verified.</summary>
    public interface IFirmwareCatalog
    {
        /// <summary>The release of <paramref name="board"/> that <paramref name="version"/> names (latest, preview, or X.Y.Z); reads the source, writes nothing.</summary>
        FirmwareRelease Select(BoardIdentity board, string version, OperationLog? log, CancellationToken cancellationToken);

        /// <summary>The release's file in <paramref name="cacheFolder"/>: reused when its recorded SHA-256 still matches, else downloaded.</summary>
        string Fetch(FirmwareRelease release, string cacheFolder, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken);
    }
}
