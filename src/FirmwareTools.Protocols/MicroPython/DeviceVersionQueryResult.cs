namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>One port's answer: its version, or why there is none.</summary>
    public sealed class DeviceVersionQueryResult
    {
        public DeviceVersionQueryResult(string port, DeviceVersion? version, FirmwareToolsException? error)
        {
            Port = port;
            Version = version;
            Error = error;
        }

        public string Port { get; }

        public DeviceVersion? Version { get; }

        public FirmwareToolsException? Error { get; }
    }
}
