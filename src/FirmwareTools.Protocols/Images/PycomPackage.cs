using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A Pycom firmware package (docs/protocols/esp32-rom-loader.md §10.1): a .tar.gz of bootloader.bin, partitions*.bin, the app and one or more
    /// scripts. Read whole into memory with SharpZipLib under fixed limits, so a hostile archive is refused before any
    /// byte of it reaches a board: entries that would escape a folder, links and devices, entries larger than the limits
    /// (refused from the header's size field, before reading), duplicate names, a damaged gzip or tar stream, scripts
    /// that do not parse, name unknown operations or files the package lacks. <see cref="CreatePlan"/> then turns the
    /// script chosen for the detected flash size into erase and write steps.
    /// </summary>
    public sealed class PycomPackage
    {
        /// <summary>
        /// Largest member read: 16 MiB, the most flash the ESP32 ROM loader addresses. No file that can be written to an
        /// ESP32 is larger, so a bigger size field is refused before a byte is allocated for it.
        /// </summary>
        public const long MaxEntryBytes = 16L * 1024 * 1024;

        /// <summary>
        /// Largest sum of members: 64 MiB, four scripts' worth of a full 16 MiB flash (script, script2, script_4MB and
        /// script_8MB may each name their own files). Real packages are under 4 MiB; this bounds what memory a package
        /// can claim, and also bounds how much is decompressed after the archive's end while checking the gzip trailer.
        /// </summary>
        public const long MaxTotalBytes = 64L * 1024 * 1024;

        /// <summary>Most entries: real packages have under 20; a flood of tiny entries is refused instead of listed.</summary>
        public const int MaxEntries = 256;

        /// <summary>Largest script: real scripts are under 1 KiB; a JSON document this size is parsed without concern.</summary>
        public const int MaxScriptBytes = 64 * 1024;

        /// <summary>The scripts a package may carry, in the order Pycom's updater prefers them (after the size-specific one).</summary>
        public static readonly IReadOnlyList<string> ScriptNames = new[] { "script_8MB", "script_4MB", "script2", "script" };

        private const long Mib = 1024 * 1024;

        private readonly Dictionary<string, PycomPackageMember> byName;

        private PycomPackage(string path, List<PycomPackageMember> members, Dictionary<string, PycomScript> scripts)
        {
            Path = path;
            Members = members;
            byName = members.ToDictionary(m => m.Name, StringComparer.Ordinal);
            Scripts = ScriptNames.Where(scripts.ContainsKey).Select(n => scripts[n]).ToList();
        }

        /// <summary>The tarball's path (or the name given with the stream).</summary>
        public string Path { get; }

        /// <summary>Regular files, in archive order.</summary>
        public IReadOnlyList<PycomPackageMember> Members { get; }

        /// <summary>The scripts found, most specific first (script_8MB, script_4MB, script2, script).</summary>
        public IReadOnlyList<PycomScript> Scripts { get; }

        public static PycomPackage Read(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A package path is required.", nameof(path));
            }

            if (!File.Exists(path))
            {
                throw ImageErrors.FileNotFound(path);
            }

            using FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Read(stream, path);
        }

        /// <summary>Reads a package from <paramref name="stream"/> (gzip-compressed tar); <paramref name="path"/> names it in errors.</summary>
        public static PycomPackage Read(Stream stream, string path)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            List<PycomPackageMember> members = ReadMembers(stream, path);
            var byName = members.ToDictionary(m => m.Name, StringComparer.Ordinal);
            var scripts = new Dictionary<string, PycomScript>(StringComparer.Ordinal);
            foreach (string name in ScriptNames)
            {
                if (byName.TryGetValue(name, out PycomPackageMember? member))
                {
                    if (member.Length > MaxScriptBytes)
                    {
                        throw new PycomPackageException(path, name, $"is {member.Length} bytes; a script is at most {MaxScriptBytes}");
                    }

                    PycomScript script = PycomScriptParser.Parse(member.Data, path, name);
                    CheckScript(script, byName, path);
                    scripts.Add(name, script);
                }
            }

            if (scripts.Count == 0)
            {
                throw new PycomPackageException(path, null, "it has no script (script_8MB, script_4MB, script2 or script) saying what goes where",
                    "Check that this is a Pycom firmware package (e.g. WiPy-1.20.2.r4.tar.gz); a single .bin is flashed with -Path directly.");
            }

            return new PycomPackage(path, members, scripts);
        }

        /// <summary>A member by name ("./" prefixes ignored); null when the package has none.</summary>
        public PycomPackageMember? FindMember(string name) => byName.TryGetValue(NormalizeName(name), out PycomPackageMember? m) ? m : null;

        /// <summary>
        /// The script Pycom's updater runs on a board with <paramref name="flashSize"/> bytes of flash: script_8MB on 8 MB,
        /// script_4MB on 4 MB, else script2, else the legacy script.
        /// </summary>
        public PycomScript SelectScript(long flashSize)
        {
            string? specific = flashSize == 8 * Mib ? "script_8MB" : flashSize == 4 * Mib ? "script_4MB" : null;
            return Scripts.FirstOrDefault(s => s.Name == specific)
                   ?? Scripts.FirstOrDefault(s => s.Name == "script2")
                   ?? Scripts.FirstOrDefault(s => s.Name == "script")
                   ?? throw new PycomPackageException(Path, null,
                       $"it has only {string.Join(" and ", Scripts.Select(s => s.Name))}, none of which is for a board with {ByteSize.Format(flashSize)} of flash",
                       "Use the package built for this board's flash size.");
        }

        /// <summary>
        /// The erase and write steps for a board whose flash is <paramref name="flashSize"/> bytes (from its JEDEC id).
        /// Throws <see cref="PycomPackageException"/> when the chosen script does not fit that flash or breaks a rule;
        /// nothing has been written then.
        /// </summary>
        public PycomFlashPlan CreatePlan(long flashSize, PycomPlanOptions? options = null) =>
            PycomPlanner.Plan(this, SelectScript(flashSize), flashSize, options ?? new PycomPlanOptions());

        internal static string NormalizeName(string name)
        {
            string n = name;
            while (n.StartsWith("./", StringComparison.Ordinal))
            {
                n = n.Substring(2);
            }

            return n;
        }

        /// <summary>Every instruction targets a known partition or a hex offset, and every write names a member of the package.</summary>
        internal static void CheckScript(PycomScript script, Dictionary<string, PycomPackageMember> members, string path)
        {
            var map = new PycomPartitionMap(script.Partitions);
            foreach (PycomScriptInstruction instruction in script.Instructions)
            {
                if (map.Find(instruction.Target) is null && !PycomScriptParser.TryParseHex(instruction.Target, out _))
                {
                    throw new PycomPackageException(path, script.Name,
                        $"instruction {instruction.Index + 1} {instruction} targets \"{instruction.Target}\", which is neither a known partition nor a hex offset");
                }

                if (instruction.Operation == PycomScriptOperation.Erase)
                {
                    if (map.Find(instruction.Target) is null && !PycomScriptParser.TryParseHex(instruction.Argument, out _))
                    {
                        throw new PycomPackageException(path, script.Name, $"instruction {instruction.Index + 1} {instruction} has a length \"{instruction.Argument}\" that is not a hex number");
                    }
                }
                else if (!members.ContainsKey(NormalizeName(instruction.Argument)))
                {
                    throw new PycomPackageException(path, script.Name,
                        $"instruction {instruction.Index + 1} {instruction} writes \"{instruction.Argument}\", which the package does not contain",
                        "The package is incomplete; download it again.");
                }
            }
        }

        private static List<PycomPackageMember> ReadMembers(Stream stream, string path)
        {
            var members = new List<PycomPackageMember>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long total = 0;
            int entries = 0;
            string? current = null;
            try
            {
                using var gzip = new GZipInputStream(stream) { IsStreamOwner = false };

                // SharpZipLib parses each header (fields, checksum, PAX records); the 512-byte framing is walked here
                // because its TarInputStream silently skips device and FIFO entries (they must be refused by name) and,
                // being lenient, fills a record cut short by the end of the stream with stale bytes (a truncated archive
                // must be refused, not read as data).
                var block = new byte[TarBuffer.BlockSize];
                string? longName = null;
                IDictionary<string, string>? pax = null;
                while (true)
                {
                    current = longName;
                    ReadBlock(gzip, block, path, current, "the archive ends without its end-of-archive block: it is truncated");
                    if (block.All(b => b == 0))
                    {
                        break;
                    }

                    var header = new TarHeader();
                    header.ParseBuffer(block, Encoding.UTF8);
                    string rawName = pax != null && pax.TryGetValue("path", out string? paxPath) ? paxPath : longName ?? header.Name;
                    current = rawName;
                    if (!header.IsChecksumValid)
                    {
                        throw new PycomPackageException(path, rawName, "has a header whose checksum does not match: the archive is damaged", "Download the package again.");
                    }

                    if (++entries > MaxEntries)
                    {
                        throw new PycomPackageException(path, null, $"it has more than {MaxEntries} entries; a firmware package has a handful");
                    }

                    long size = header.Size;
                    if (pax != null && pax.TryGetValue("size", out string? paxSize) && !long.TryParse(paxSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size))
                    {
                        throw new PycomPackageException(path, rawName, $"has a PAX size \"{paxSize}\" that is not a number");
                    }

                    byte type = header.TypeFlag;
                    if (type == TarHeader.LF_GNU_LONGNAME || type == TarHeader.LF_GNU_LONGLINK || type == TarHeader.LF_XHDR || type == TarHeader.LF_GHDR)
                    {
                        // Metadata for the next entry: small by nature, so bounded tightly.
                        byte[] meta = ReadData(gzip, size, MaxScriptBytes, path, rawName, "metadata");
                        if (type == TarHeader.LF_GNU_LONGNAME)
                        {
                            longName = Encoding.UTF8.GetString(meta).TrimEnd('\0');
                        }
                        else if (type == TarHeader.LF_XHDR)
                        {
                            var reader = new TarExtendedHeaderReader();
                            reader.Read(meta, meta.Length);
                            pax = reader.Headers;
                        }

                        continue;
                    }

                    longName = null;
                    pax = null;
                    string name = CheckEntryName(rawName, path);
                    if (type == TarHeader.LF_DIR)
                    {
                        ReadData(gzip, size, 0, path, rawName, "directory data");
                        continue;
                    }

                    if (type != TarHeader.LF_NORMAL && type != TarHeader.LF_OLDNORM && type != TarHeader.LF_CONTIG)
                    {
                        throw new PycomPackageException(path, rawName, DescribeType(type, header.LinkName));
                    }

                    if (!seen.Add(name))
                    {
                        throw new PycomPackageException(path, rawName, "appears twice in the archive; which copy is meant cannot be told");
                    }

                    // The size field is checked before a byte is read or allocated: a header may claim anything.
                    if (size < 0 || size > MaxEntryBytes)
                    {
                        throw new PycomPackageException(path, rawName, $"claims {size} bytes; no file written to an ESP32 is larger than {ByteSize.Format(MaxEntryBytes)}");
                    }

                    if (total + size > MaxTotalBytes)
                    {
                        throw new PycomPackageException(path, rawName, $"brings the package's files past {ByteSize.Format(MaxTotalBytes)}; a firmware package is far smaller");
                    }

                    byte[] data = ReadData(gzip, size, MaxEntryBytes, path, rawName, "data");
                    total += data.Length;
                    members.Add(new PycomPackageMember(name, data));
                }

                current = null;

                // Read the rest of the gzip stream (the second end block, record padding) so its CRC-32 and length
                // trailer are checked: an altered or cut download must not pass because the tar's end came first.
                var rest = new byte[16 * 1024];
                long after = 0;
                int got;
                while ((got = gzip.Read(rest, 0, rest.Length)) > 0)
                {
                    after += got;
                    if (total + after > MaxTotalBytes)
                    {
                        throw new PycomPackageException(path, null, $"it decompresses to more than {ByteSize.Format(MaxTotalBytes)}");
                    }
                }
            }
            // SharpZipLib also reports damage outside its own exception type (found by fuzzing pycom-package): TarHeader.ParseBuffer
            // throws ArgumentOutOfRangeException for a size field that reads negative, and the inflater IndexOutOfRangeException
            // for some corrupt Huffman tables. Both come from reading the archive's bytes, so they mean a damaged archive.
            catch (Exception e) when (e is SharpZipBaseException || e is EndOfStreamException || e is InvalidDataException || e is FormatException || e is OverflowException
                                      || e is ArgumentOutOfRangeException || e is IndexOutOfRangeException)
            {
                string reason = e is GZipException && entries == 0
                    ? "it is not a gzip-compressed tar archive, or it is damaged (" + e.Message + ")"
                    : "the archive is damaged or truncated (" + e.Message + ")";
                throw new PycomPackageException(path, current, reason, "Download the package again; it may have been cut short.", e);
            }

            if (entries == 0)
            {
                throw new PycomPackageException(path, null, "the archive is empty");
            }

            return members;
        }

        /// <summary>Reads one entry's data (padded to whole blocks in the archive), after checking its size against <paramref name="limit"/>.</summary>
        private static byte[] ReadData(Stream tar, long size, long limit, string path, string entry, string what)
        {
            if (size < 0 || size > limit)
            {
                throw new PycomPackageException(path, entry, $"claims {size} bytes of {what}; at most {limit} are expected");
            }

            var data = new byte[size];
            int read = StreamReading.ReadFully(tar, data, data.Length);
            if (read < data.Length)
            {
                throw new PycomPackageException(path, entry, $"ends after {read} of its {size} bytes: the archive is truncated", "Download the package again; it was cut short.");
            }

            int padding = (int)((TarBuffer.BlockSize - (size % TarBuffer.BlockSize)) % TarBuffer.BlockSize);
            var skip = new byte[padding];
            if (StreamReading.ReadFully(tar, skip, padding) < padding)
            {
                throw new PycomPackageException(path, entry, "ends inside its last block: the archive is truncated", "Download the package again; it was cut short.");
            }

            return data;
        }

        private static void ReadBlock(Stream tar, byte[] block, string path, string? entry, string reason)
        {
            int read = StreamReading.ReadFully(tar, block, block.Length);
            if (read < block.Length)
            {
                throw new PycomPackageException(path, entry, read == 0 ? reason : "the archive ends inside a header block: it is truncated", "Download the package again; it was cut short.");
            }
        }

        private static string CheckEntryName(string raw, string path)
        {
            if (raw.Length == 0 || raw.IndexOf('\0') >= 0)
            {
                throw new PycomPackageException(path, raw, "has an empty or malformed name");
            }

            if (raw[0] == '/' || raw[0] == '\\' || (raw.Length >= 2 && raw[1] == ':' && char.IsLetter(raw[0])))
            {
                throw new PycomPackageException(path, raw, "has an absolute path; a package's files are relative to the package");
            }

            // Both separators count: a backslash is a folder separator on Windows even though tar allows it in a name.
            if (raw.Split('/', '\\').Any(part => part == ".."))
            {
                throw new PycomPackageException(path, raw, "has '..' in its path, which would reach outside the package's folder");
            }

            string name = NormalizeName(raw).TrimEnd('/');
            if (name.Length == 0 && raw.TrimEnd('/') != ".")
            {
                throw new PycomPackageException(path, raw, "has an empty or malformed name");
            }

            return name;
        }

        private static string DescribeType(byte type, string linkName) => type switch
        {
            TarHeader.LF_SYMLINK => $"is a symbolic link (to '{linkName}'); a firmware package holds regular files only",
            TarHeader.LF_LINK => $"is a hard link (to '{linkName}'); a firmware package holds regular files only",
            TarHeader.LF_CHR => "is a character device; a firmware package holds regular files only",
            TarHeader.LF_BLK => "is a block device; a firmware package holds regular files only",
            TarHeader.LF_FIFO => "is a FIFO; a firmware package holds regular files only",
            _ => $"has tar entry type '{(char)type}', which is not a regular file; a firmware package holds regular files only",
        };
    }
}
