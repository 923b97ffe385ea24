using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Partition names a Pycom script can use, resolved the way Pycom's updater does (docs/protocols/esp32-rom-loader.md §10.1): its built-in table,
    /// overridden entry by entry by the script's "partitions"; "cb" is the config block and "ota" the otadata partition.
    /// </summary>
    public sealed class PycomPartitionMap
    {
        /// <summary>The config block: LoRa/Sigfox MACs, keys, Wi-Fi settings of the board. Never touched unless asked.</summary>
        public const uint ConfigBlockOffset = 0x3FF000;

        public const uint ConfigBlockSize = 0x1000;

        private static readonly PycomPartition[] BuiltIns =
        {
            new PycomPartition("secureboot", 0x0, 0x8000),
            new PycomPartition("bootloader", 0x1000, 0x7000),
            new PycomPartition("partitions", 0x8000, 0x1000),
            new PycomPartition("nvs", 0x9000, 0x7000),
            new PycomPartition("factory", 0x10000, 0x180000),
            new PycomPartition("otadata", 0x190000, 0x1000),
            new PycomPartition("ota_0", 0x1A0000, 0x180000),
            new PycomPartition("fs", 0x380000, 0x7F000),
            new PycomPartition("config", ConfigBlockOffset, ConfigBlockSize),
            new PycomPartition("fs1", 0x400000, 0x400000),
            new PycomPartition("all", 0x0, 0x800000),
        };

        private readonly Dictionary<string, PycomPartition> partitions;

        public PycomPartitionMap(IEnumerable<PycomPartition> overrides)
        {
            partitions = BuiltIns.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (PycomPartition partition in overrides ?? Enumerable.Empty<PycomPartition>())
            {
                partitions[partition.Name] = partition;
            }
        }

        /// <summary>The updater's built-in table.</summary>
        public static IReadOnlyList<PycomPartition> Defaults => BuiltIns;

        public IEnumerable<PycomPartition> All => partitions.Values;

        /// <summary>The partition a script target names (with the updater's aliases), or null when it names none (then it must be a hex offset).</summary>
        public PycomPartition? Find(string name)
        {
            string key = name switch
            {
                "cb" => "config",
                "ota" => "otadata",
                _ => name,
            };
            return partitions.TryGetValue(key, out PycomPartition? p) ? p : null;
        }

        public PycomPartition ConfigBlock => partitions["config"];

        public PycomPartition Otadata => partitions["otadata"];
    }
}
