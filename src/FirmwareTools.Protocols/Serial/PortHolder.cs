namespace FirmwareTools.Protocols.Serial
{
    /// <summary>A program found holding a serial port: its process id, its name when it can be read, and how it was found.</summary>
    public sealed class PortHolder
    {
        public PortHolder(int processId, string? program, string evidence)
        {
            ProcessId = processId;
            Program = program;
            Evidence = evidence;
        }

        public int ProcessId { get; }

        /// <summary>The process's name (/proc/PID/comm: minicom, screen, python3); null when it cannot be read.</summary>
        public string? Program { get; }

        /// <summary>How it was found: "lock file /var/lock/LCK..ttyUSB0" or "it has the port open".</summary>
        public string Evidence { get; }

        /// <summary>"minicom (PID 4242)", or "process 4242" without a name.</summary>
        public override string ToString() => Program is null ? $"process {ProcessId}" : $"{Program} (PID {ProcessId})";
    }
}
