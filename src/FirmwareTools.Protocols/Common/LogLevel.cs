namespace FirmwareTools.Protocols
{
    /// <summary>How loud a log message is; maps to WriteDebug, WriteVerbose and WriteWarning.</summary>
    public enum LogLevel
    {
        Debug,
        Verbose,
        Warning,
    }
}
