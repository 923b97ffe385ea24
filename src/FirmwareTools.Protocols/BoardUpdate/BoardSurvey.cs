using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>What one read over the raw REPL tells about a running board (docs/protocols/board-update.md §1.1).</summary>
    public sealed class BoardSurvey
    {
        public BoardSurvey(DeviceVersion version, string? build, string? uniqueId)
        {
            Version = version;
            Build = build;
            UniqueId = uniqueId;
        }

        public string Port => Version.Port;

        /// <summary>The uname and sys facts (Get-DeviceVersion's object).</summary>
        public DeviceVersion Version { get; }

        /// <summary><c>sys.implementation._build</c> (v1.25.0 and later), or null.</summary>
        public string? Build { get; }

        /// <summary><c>machine.unique_id()</c> as lower-case hex: the board's identity across resets (§2.1, §5.3); null when the firmware has none.</summary>
        public string? UniqueId { get; }

        /// <summary><see cref="UniqueId"/> as bytes (empty when there is none).</summary>
        public byte[] UniqueIdBytes()
        {
            string hex = UniqueId ?? string.Empty;
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = System.Convert.ToByte(hex.Substring(2 * i, 2), 16);
            }

            return bytes;
        }

        /// <summary>The version as MicroPython's git describe says it (<c>v1.22.2</c>), or what the board reported.</summary>
        public string VersionText => Version.GitDescribe ?? Version.Release ?? "(unknown)";
    }
}
