using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A place firmware can be found. Add a source by implementing this; selection and download are shared.</summary>
    public interface IFirmwareSource
    {
        FirmwareSource Kind { get; }

        /// <summary>True when this source knows <paramref name="board"/> by name without asking the network.</summary>
        bool Knows(string board);

        /// <summary>Every file the source offers for the board, newest first. Throws <c>FirmwareNotFound</c> for an unknown board.</summary>
        Task<IReadOnlyList<FirmwareRelease>> GetReleasesAsync(string board, OperationLog? log, CancellationToken cancellationToken);
    }
}
