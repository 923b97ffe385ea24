using System.Management.Automation;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>Maps the project's own exceptions to ErrorRecords: stable ErrorId, the right category, the file/port/device as TargetObject.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(FirmwareToolsException exception)
        {
            var record = new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.Kind), exception.Target);
            if (exception.RecommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = exception.RecommendedAction };
            }

            return record;
        }

        public static ErrorCategory CategoryOf(FirmwareErrorKind kind) => kind switch
        {
            FirmwareErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            FirmwareErrorKind.InvalidData => ErrorCategory.InvalidData,
            FirmwareErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            FirmwareErrorKind.NotInstalled => ErrorCategory.NotInstalled,
            FirmwareErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            FirmwareErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
            FirmwareErrorKind.Timeout => ErrorCategory.OperationTimeout,
            FirmwareErrorKind.DeviceError => ErrorCategory.DeviceError,
            FirmwareErrorKind.ProtocolError => ErrorCategory.ProtocolError,
            FirmwareErrorKind.ChecksumMismatch => ErrorCategory.InvalidResult,
            FirmwareErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            FirmwareErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
