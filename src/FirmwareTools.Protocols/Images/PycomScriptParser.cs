using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Xml;
using System.Xml.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Reads a package script's JSON with the in-box System.Runtime.Serialization.Json (as PycomFirmwareSource does for the
    /// findupgrade answer; netstandard2.0 has no System.Text.Json). The JSON reader maps JSON onto an XML tree with a
    /// type attribute per node, which suits a document whose object keys (partition names) are data, not fields.
    /// </summary>
    internal static class PycomScriptParser
    {
        /// <summary>The v2.1 format version this reader knows; any other version may mean different rules, so it is refused.</summary>
        public const string SupportedVersion = "2.1";

        /// <summary>What JsonReaderWriterFactory calls the element of an object key that is not a valid XML name.</summary>
        private static readonly XNamespace ItemNamespace = "item";

        public static PycomScript Parse(byte[] json, string packagePath, string scriptName)
        {
            XElement root;
            try
            {
                // The quotas must be positive: an empty script (a zero-length member) is refused by the reader as bad JSON.
                int limit = Math.Max(1, json.Length);
                var quotas = new XmlDictionaryReaderQuotas { MaxDepth = 16, MaxStringContentLength = limit, MaxArrayLength = limit };
                using XmlDictionaryReader reader = JsonReaderWriterFactory.CreateJsonReader(json, quotas);
                root = XElement.Load(reader);
            }
            // The framework's XmlJsonReader reports some malformed JSON outside XmlException: FormatException for a raw
            // control character inside a string (found by fuzzing), IndexOutOfRangeException for some unbalanced closers
            // (as PycomFirmwareSource found). The reader is the framework's, so its failures are caught here.
            catch (Exception e) when (e is XmlException || e is SerializationException || e is InvalidOperationException || e is FormatException || e is IndexOutOfRangeException)
            {
                throw Bad(packagePath, scriptName, "is not valid JSON: " + e.Message, e);
            }

            string type = TypeOf(root);
            if (type == "array")
            {
                return new PycomScript(scriptName, "1", Array.Empty<PycomPartition>(), Instructions(root, packagePath, scriptName));
            }

            if (type != "object")
            {
                throw Bad(packagePath, scriptName, $"is a JSON {type}, not a list of instructions (v1) or an object with \"version\" and \"script\" (v2.1)");
            }

            Dictionary<string, XElement> members = Members(root, packagePath, scriptName, "the script");
            if (!members.TryGetValue("version", out XElement? versionNode) || TypeOf(versionNode) != "string")
            {
                throw Bad(packagePath, scriptName, "has no \"version\" string (a v2.1 script starts with \"version\": \"2.1\")");
            }

            string version = versionNode.Value;
            if (version != SupportedVersion)
            {
                throw Bad(packagePath, scriptName, $"has version \"{version}\"; only version {SupportedVersion} scripts are understood",
                    "Use a package whose scripts are version 2.1 or the legacy list, or Pycom's own updater for this one.");
            }

            var partitions = new List<PycomPartition>();
            if (members.TryGetValue("partitions", out XElement? partitionsNode))
            {
                if (TypeOf(partitionsNode) != "object")
                {
                    throw Bad(packagePath, scriptName, "has \"partitions\" that is not an object of name: [hexOffset, hexSize]");
                }

                foreach (KeyValuePair<string, XElement> entry in Members(partitionsNode, packagePath, scriptName, "\"partitions\""))
                {
                    List<string> pair = Strings(entry.Value, packagePath, scriptName, $"partition \"{entry.Key}\"");
                    if (pair.Count != 2)
                    {
                        throw Bad(packagePath, scriptName, $"gives partition \"{entry.Key}\" {pair.Count} values; it needs [hexOffset, hexSize]");
                    }

                    uint offset = Hex(pair[0], packagePath, scriptName, $"partition \"{entry.Key}\" offset");
                    uint size = Hex(pair[1], packagePath, scriptName, $"partition \"{entry.Key}\" size");
                    if ((ulong)offset + size > uint.MaxValue)
                    {
                        throw Bad(packagePath, scriptName, $"gives partition \"{entry.Key}\" a range past 4 GiB");
                    }

                    partitions.Add(new PycomPartition(entry.Key, offset, size));
                }
            }

            if (!members.TryGetValue("script", out XElement? scriptNode) || TypeOf(scriptNode) != "array")
            {
                throw Bad(packagePath, scriptName, "has no \"script\" list of instructions");
            }

            return new PycomScript(scriptName, version, partitions, Instructions(scriptNode, packagePath, scriptName));
        }

        /// <summary>Parses a script's hex number the way Python's int(text, 16) does for these files: optional 0x, hex digits.</summary>
        public static bool TryParseHex(string text, out uint value) => Protocols.Hex.TryParseUInt32(text.Trim(), out value);

        private static List<PycomScriptInstruction> Instructions(XElement list, string packagePath, string scriptName)
        {
            var instructions = new List<PycomScriptInstruction>();
            int index = 0;
            foreach (XElement item in list.Elements())
            {
                string where = $"instruction {index + 1}";
                List<string> parts = Strings(item, packagePath, scriptName, where);
                if (parts.Count == 0)
                {
                    throw Bad(packagePath, scriptName, $"has an empty {where}");
                }

                string op = parts[0];
                PycomScriptOperation operation = op switch
                {
                    "e" => PycomScriptOperation.Erase,
                    "w" => PycomScriptOperation.Write,
                    "o" => PycomScriptOperation.Overwrite,
                    _ => throw Bad(packagePath, scriptName, $"has an unknown operation \"{op}\" in {where} (known: e = erase, w = write, o = overwrite)",
                        "This package needs a newer flasher than this module, or it was altered; do not flash it with this module."),
                };

                // An erase of a named partition needs no length (["e", "fs"]); everything else is [op, target, argument].
                bool namedErase = operation == PycomScriptOperation.Erase && parts.Count == 2;
                if (parts.Count != 3 && !namedErase)
                {
                    throw Bad(packagePath, scriptName, $"has {parts.Count} values in {where} (\"{op}\" takes a target and {(operation == PycomScriptOperation.Erase ? "a hex length" : "a file name")})");
                }

                instructions.Add(new PycomScriptInstruction(index, operation, op, parts[1], parts.Count > 2 ? parts[2] : string.Empty));
                index++;
            }

            return instructions;
        }

        private static List<string> Strings(XElement node, string packagePath, string scriptName, string what)
        {
            if (TypeOf(node) != "array")
            {
                throw Bad(packagePath, scriptName, $"has {what} that is a JSON {TypeOf(node)}, not a list of strings");
            }

            var values = new List<string>();
            foreach (XElement value in node.Elements())
            {
                if (TypeOf(value) != "string")
                {
                    throw Bad(packagePath, scriptName, $"has a JSON {TypeOf(value)} in {what}; the values are strings (numbers as hex text)");
                }

                values.Add(value.Value);
            }

            return values;
        }

        private static Dictionary<string, XElement> Members(XElement obj, string packagePath, string scriptName, string what)
        {
            var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
            foreach (XElement member in obj.Elements())
            {
                string name = member.Name.Namespace == ItemNamespace ? (string?)member.Attribute("item") ?? member.Name.LocalName : member.Name.LocalName;
                if (members.ContainsKey(name))
                {
                    // Python's json keeps the last; refusing is safer than guessing which one the package meant.
                    throw Bad(packagePath, scriptName, $"names \"{name}\" twice in {what}");
                }

                members.Add(name, member);
            }

            return members;
        }

        private static uint Hex(string text, string packagePath, string scriptName, string what) =>
            TryParseHex(text, out uint value) ? value : throw Bad(packagePath, scriptName, $"has {what} \"{text}\", which is not a hex number");

        private static string TypeOf(XElement node) => (string?)node.Attribute("type") ?? "string";

        private static PycomPackageException Bad(string packagePath, string scriptName, string reason, Exception? inner = null) =>
            new PycomPackageException(packagePath, scriptName, reason, null, inner);

        private static PycomPackageException Bad(string packagePath, string scriptName, string reason, string action) =>
            new PycomPackageException(packagePath, scriptName, reason, action);
    }
}
