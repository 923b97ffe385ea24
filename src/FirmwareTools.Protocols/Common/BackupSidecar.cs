using System.Runtime.Serialization;

namespace FirmwareTools.Protocols
{
    /// <summary>The sidecar JSON written next to a raw backup of a pyboard or a Pico (<c>&lt;file&gt;.json</c>): where the bytes came from and their hash.</summary>
    [DataContract]
    public sealed class BackupSidecar
    {
        /// <summary>Start address as "0x08000000".</summary>
        [DataMember(Name = "address", Order = 0)]
        public string Address { get; set; } = string.Empty;

        [DataMember(Name = "length", Order = 1)]
        public long Length { get; set; }

        [DataMember(Name = "deviceSerial", Order = 2)]
        public string? DeviceSerial { get; set; }

        /// <summary>The alternate setting's memory layout string, as the device reported it.</summary>
        [DataMember(Name = "layout", Order = 3)]
        public string Layout { get; set; } = string.Empty;

        /// <summary>Lower-case hex SHA-256 of the raw file.</summary>
        [DataMember(Name = "sha256", Order = 4)]
        public string Sha256 { get; set; } = string.Empty;

        /// <summary>UTC time of the backup, ISO 8601 ("o" format).</summary>
        [DataMember(Name = "createdUtc", Order = 5)]
        public string CreatedUtc { get; set; } = string.Empty;
    }
}
