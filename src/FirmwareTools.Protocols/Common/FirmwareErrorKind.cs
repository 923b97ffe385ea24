namespace FirmwareTools.Protocols
{
    /// <summary>
    /// The kind of a failure, independent of PowerShell. The cmdlet layer maps each kind to an
    /// ErrorCategory; keep the list short and meaningful to a user deciding what to do next.
    /// </summary>
    public enum FirmwareErrorKind
    {
        InvalidArgument,
        InvalidData,
        NotFound,
        NotInstalled,
        PermissionDenied,
        ResourceBusy,
        Timeout,
        DeviceError,
        ProtocolError,
        ChecksumMismatch,
        ConnectionError,
        AlreadyExists,
    }
}
