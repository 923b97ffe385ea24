using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// The catalog entries of finding and saving firmware (Save-Firmware). The sources word each message, because
    /// it names what they asked (a page, a JSON field, a hash); the entry gives the id and kind.
    /// </summary>
    public static class DownloadErrors
    {
        public static readonly ErrorDefinition FileExistsId = new("FirmwareFileExists", FirmwareErrorKind.AlreadyExists);
        public static readonly ErrorDefinition FileWriteFailedId = new("FirmwareFileWriteFailed", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition FileWriteDeniedId = new("FirmwareFileWriteDenied", FirmwareErrorKind.PermissionDenied);
        public static readonly ErrorDefinition HashMismatchId = new("FirmwareHashMismatch", FirmwareErrorKind.ChecksumMismatch);
        public static readonly ErrorDefinition FirmwareNotFoundId = new("FirmwareNotFound", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition SourceDataId = new("FirmwareSourceData", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition VersionNotFoundId = new("FirmwareVersionNotFound", FirmwareErrorKind.NotFound);

        /// <summary>Caught by type (<see cref="FirmwareDownloadFailedException"/>): a source turns its HTTP 404 into FirmwareNotFound. Its kind follows the failure.</summary>
        public static readonly ErrorDefinition DownloadFailedId = new("FirmwareDownloadFailed", FirmwareErrorKind.ConnectionError);

        /// <summary>Caught by type (<see cref="NetworkUnavailableException"/>): a name that does not resolve gets its own advice.</summary>
        public static readonly ErrorDefinition NetworkUnavailableId = new("NetworkUnavailable", FirmwareErrorKind.ConnectionError);

        /// <summary>Caught by type (<see cref="InsecureUriException"/>): Save-Firmware reports it as a parameter error.</summary>
        public static readonly ErrorDefinition InsecureUriId = new("InsecureUri", FirmwareErrorKind.InvalidArgument);

        /// <summary>Caught by type (<see cref="FirmwareInvalidArgumentException"/>): Save-Firmware reports it as a parameter error.</summary>
        public static readonly ErrorDefinition InvalidArgumentId = new("FirmwareInvalidArgument", FirmwareErrorKind.InvalidArgument);

        /// <summary>A different file already exists at the destination and -Force was not given.</summary>
        public static FirmwareError FileExists(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(FileExistsId, message, target, recommendedAction, innerException);

        /// <summary>
        /// The file could not be written where asked: the destination is a file, not a folder, it is not writable, or the
        /// disk is full. When the OS refused access the id is FirmwareFileWriteDenied (kind PermissionDenied).
        /// </summary>
        public static FirmwareError FileWriteFailed(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(innerException is UnauthorizedAccessException ? FileWriteDeniedId : FileWriteFailedId, message, target, recommendedAction, innerException);

        /// <summary>The downloaded bytes do not have the expected hash; the file was deleted.</summary>
        public static FirmwareError HashMismatch(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(HashMismatchId, message, target, recommendedAction, innerException);

        /// <summary>The board is unknown to the source, or its page offers no firmware file.</summary>
        public static FirmwareError FirmwareNotFound(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(FirmwareNotFoundId, message, target, recommendedAction, innerException);

        /// <summary>A source answered with something we cannot read (bad JSON, a page without firmware links).</summary>
        public static FirmwareError SourceData(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(SourceDataId, message, target, recommendedAction, innerException);

        /// <summary>The board exists but no file matches the requested version or variant.</summary>
        public static FirmwareError VersionNotFound(string message, string? target, string? recommendedAction = null, Exception? innerException = null) =>
            new(VersionNotFoundId, message, target, recommendedAction, innerException);
    }
}
