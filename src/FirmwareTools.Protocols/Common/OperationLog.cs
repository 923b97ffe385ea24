namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Where operations tell their story (the protocol steps for -Verbose, raw frames for -Debug, risks as
    /// warnings). Code below the cmdlets never writes to the console.
    /// </summary>
    public delegate void OperationLog(LogLevel level, string message);

    public static class OperationLogExtensions
    {
        public static void Verbose(this OperationLog? log, string message) => log?.Invoke(LogLevel.Verbose, message);

        public static void Debug(this OperationLog? log, string message) => log?.Invoke(LogLevel.Debug, message);

        public static void Warning(this OperationLog? log, string message) => log?.Invoke(LogLevel.Warning, message);
    }
}
