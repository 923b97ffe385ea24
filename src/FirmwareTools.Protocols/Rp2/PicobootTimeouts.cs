using System;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>How long each step of a PICOBOOT transaction may take (picotool's values).</summary>
    public sealed class PicobootTimeouts
    {
        /// <summary>The 32-byte command packet.</summary>
        public TimeSpan Command { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Each part of a data phase.</summary>
        public TimeSpan Data { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The ACK after a data phase.</summary>
        public TimeSpan AckAfterData { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>The ACK of a command without data phase: an erase's work counts here.</summary>
        public TimeSpan AckWithoutData { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The control requests IF_RESET and IF_CMD_STATUS.</summary>
        public TimeSpan Control { get; set; } = TimeSpan.FromSeconds(3);
    }
}
