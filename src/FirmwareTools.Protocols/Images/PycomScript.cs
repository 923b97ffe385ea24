using System.Collections.Generic;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A parsed script of a Pycom package: v1 (<c>script</c>, a JSON list of <c>[op, hexOffset, hexLength|file]</c>) or
    /// v2.1 (<c>script2</c>, <c>script_4MB</c>, <c>script_8MB</c>: <c>{"version": "2.1", "partitions": {...}, "script": [...]}</c>).
    /// </summary>
    public sealed class PycomScript
    {
        internal PycomScript(string name, string version, IReadOnlyList<PycomPartition> partitions, IReadOnlyList<PycomScriptInstruction> instructions)
        {
            Name = name;
            Version = version;
            Partitions = partitions;
            Instructions = instructions;
        }

        /// <summary>The member it was read from: script, script2, script_4MB or script_8MB.</summary>
        public string Name { get; }

        /// <summary>"1" for the legacy list, else the object's "version" ("2.1").</summary>
        public string Version { get; }

        /// <summary>The script's own partitions, overriding the built-in map (empty for v1).</summary>
        public IReadOnlyList<PycomPartition> Partitions { get; }

        public IReadOnlyList<PycomScriptInstruction> Instructions { get; }

        public override string ToString() => $"{Name} (v{Version}, {Instructions.Count} instructions)";
    }
}
