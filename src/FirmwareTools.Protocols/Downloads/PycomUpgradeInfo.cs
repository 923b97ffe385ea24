using System.Runtime.Serialization;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The JSON answer of <c>findupgrade?…&amp;redirect=false</c>: <c>{key, file, version, intVersion, hash}</c>.</summary>
    [DataContract]
    public sealed class PycomUpgradeInfo
    {
        [DataMember(Name = "key")]
        public string? Key { get; set; }

        [DataMember(Name = "file")]
        public string? File { get; set; }

        [DataMember(Name = "version")]
        public string? Version { get; set; }

        [DataMember(Name = "intVersion")]
        public long? IntVersion { get; set; }

        [DataMember(Name = "hash")]
        public string? Hash { get; set; }
    }
}
