using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A Pycom firmware package (.tar.gz) that cannot be flashed: a damaged archive, an entry that is unsafe or too large,
    /// a script that is malformed, names an unknown operation or a missing file, or does not fit the board's flash.
    /// Raised before anything is written to a board.
    /// </summary>
    public sealed class PycomPackageException : FirmwareToolsException
    {
        public PycomPackageException(string path, string? entry, string reason, string? recommendedAction = null, Exception? innerException = null)
            : base(entry is null ? $"Pycom package '{path}' cannot be flashed: {reason}." : $"Pycom package '{path}' cannot be flashed: entry '{entry}' {reason}.",
                   path,
                   recommendedAction ?? "Download the package again from Pycom (Save-Firmware -Source Pycom); do not flash a package that was altered.",
                   innerException)
        {
            Entry = entry;
            Reason = reason;
        }

        /// <summary>The archive entry (or script file) the problem is in; null when it is about the whole archive.</summary>
        public string? Entry { get; }

        public string Reason { get; }

        public override string ErrorId => ImageErrors.PycomPackageInvalidId.Id;

        public override FirmwareErrorKind Kind => ImageErrors.PycomPackageInvalidId.Kind;
    }
}
