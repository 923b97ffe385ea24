using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Turns a script into steps the way Pycom's updater runs it (docs/protocols/esp32-rom-loader.md §10.1; updater.py run_script/write_script):
    /// every erase first, then the writes, then the otadata record if a factory or ota_0 write did not come with one.
    /// Stricter than the updater where it would silently guess: writes and erases past the flash, off a 4 KiB sector, or
    /// overlapping each other are refused instead of being trimmed or skipped.
    /// </summary>
    internal static class PycomPlanner
    {
        private const uint Sector = Esp32Chips.FlashSectorSize;

        public static PycomFlashPlan Plan(PycomPackage package, PycomScript script, long flashSize, PycomPlanOptions options)
        {
            var map = new PycomPartitionMap(script.Partitions);
            var warnings = new List<string>();
            var erases = new List<PycomPlanStep>();
            var writes = new List<PycomPlanStep>();
            PycomPartition cb = map.ConfigBlock;
            PycomPartition otadata = map.Otadata;
            bool? bootOta0 = null;
            uint imageSize = uint.MaxValue;
            bool otadataWritten = false;
            string path = package.Path;
            if (!options.IncludeConfigBlock && (cb.Offset % Sector != 0 || cb.Size % Sector != 0))
            {
                // Steps are cut around the config block on sector lines; a script that moves it off them (found by fuzzing)
                // would leave cut erases that the ROM widens to whole sectors, into the block the cut was meant to keep.
                throw Refuse(path, script, string.Format(CultureInfo.InvariantCulture,
                    "its config partition 0x{0:X}+0x{1:X} is not whole 4 KiB sectors, so it cannot be kept out of the erases", cb.Offset, cb.Size));
            }


            foreach (PycomScriptInstruction instruction in script.Instructions)
            {
                string where = $"instruction {instruction.Index + 1} {instruction}";
                PycomPartition? partition = map.Find(instruction.Target);
                if (instruction.Operation == PycomScriptOperation.Erase)
                {
                    uint offset;
                    long length;
                    string source;
                    if (partition?.Name == "all")
                    {
                        // The updater erases the whole chip for "all", whatever its size.
                        (offset, length, source) = (0, flashSize, "all");
                    }
                    else if (partition?.Name is "fs" or "fs1")
                    {
                        // The updater's erase_fs: fs1 on an 8 MB board, fs otherwise, whichever name the script used.
                        PycomPartition fs = map.Find(flashSize == 8L * 1024 * 1024 ? "fs1" : "fs")!;
                        (offset, length, source) = (fs.Offset, fs.Size, fs.Name);
                    }
                    else if (partition != null)
                    {
                        (offset, length, source) = (partition.Offset, partition.Size, partition.Name);
                    }
                    else
                    {
                        PycomScriptParser.TryParseHex(instruction.Target, out offset);
                        PycomScriptParser.TryParseHex(instruction.Argument, out uint raw);
                        (length, source) = (raw, Hex.Address(offset));
                    }

                    if (length == 0 || offset % Sector != 0 || length % Sector != 0)
                    {
                        throw Refuse(path, script, $"{where} erases 0x{length:X} bytes at {Hex.Address(offset)}; erases must be whole 4 KiB sectors");
                    }

                    CheckFits(path, script, where, offset, length, flashSize);
                    if (offset <= otadata.Offset && offset + length >= otadata.End)
                    {
                        otadataWritten = true;
                    }

                    foreach ((uint o, long l, string? note) in AroundConfigBlock(offset, length, cb, options.IncludeConfigBlock, where, warnings))
                    {
                        erases.Add(new PycomPlanStep(PycomPlanStepKind.Erase, o, l, source, instruction, null, Md5Digest.Erased(l), note));
                    }

                    continue;
                }

                PycomPackageMember member = package.FindMember(instruction.Argument)!;
                byte[] data = member.Data;
                var notes = new List<string>();
                uint at;
                long? limit = null;
                if (partition != null)
                {
                    at = partition.Offset;
                    limit = partition.Name == "all" ? flashSize : partition.Size;
                    switch (partition.Name)
                    {
                        case "ota_0":
                            bootOta0 = true;
                            imageSize = (uint)data.Length;
                            break;
                        case "factory":
                            bootOta0 ??= false;
                            imageSize = (uint)data.Length;
                            break;
                        case "otadata":
                            otadataWritten = true;
                            break;
                    }
                }
                else
                {
                    PycomScriptParser.TryParseHex(instruction.Target, out at);
                }

                if (instruction.Operation == PycomScriptOperation.Write && limit is long max && data.Length > max)
                {
                    string truncated = $"{member.Name} truncated from {data.Length} to {max} bytes, the size of partition {partition!.Name}";
                    notes.Add(truncated);
                    warnings.Add($"{where}: {truncated} (as Pycom's updater does).");
                    data = data.Take((int)max).ToArray();
                }

                if (data.Length == 0)
                {
                    throw Refuse(path, script, $"{where} writes '{member.Name}', which is empty");
                }

                if (at % Sector != 0)
                {
                    throw Refuse(path, script, $"{where} writes at {Hex.Address(at)}, not on a 4 KiB sector boundary (the bytes before it in that sector would be erased)");
                }

                bool app = partition != null && (partition.Name == "factory" || partition.Name.StartsWith("ota_", StringComparison.Ordinal));
                if (at == Esp32Chips.Esp32BootloaderOffset || at == Esp32Chips.AppOffset || app)
                {
                    // The bootloader and the apps must be ESP32 images: a wrong member there would leave a board that
                    // does not boot, so it is refused here rather than written (Pycom's updater does not check).
                    CheckImage(path, script, where, member.Name, data, at == Esp32Chips.Esp32BootloaderOffset ? "the bootloader" : "an app partition");
                }

                if (at == Esp32Chips.Esp32BootloaderOffset)
                {
                    Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(data, at, options.FlashParameters, flashSize, member.Name);
                    if (patch.Patched)
                    {
                        data = patch.Data;
                        notes.Add(string.Format(CultureInfo.InvariantCulture, "flash parameters set to 0x{0:x4} ({1})", patch.After, options.FlashParameters) + (patch.DigestRecomputed ? ", SHA-256 recomputed" : string.Empty));
                    }

                    if (patch.Note != null)
                    {
                        warnings.Add($"{where}: {patch.Note}.");
                    }
                }

                byte[] padded = Padding.ToMultiple(data, 4);
                CheckFits(path, script, where, at, padded.Length, flashSize);
                long covered = limit ?? padded.Length;
                if (at <= otadata.Offset && at + covered >= otadata.End)
                {
                    otadataWritten = true;
                }

                AddWrite(writes, at, padded, member.Name, instruction, notes, cb, options.IncludeConfigBlock, where, warnings);
            }

            if (bootOta0 is bool ota0 && !otadataWritten)
            {
                // The updater's set_ota: without this the bootloader may keep starting the previous app.
                string where = "the otadata record";
                if (otadata.Offset % Sector != 0)
                {
                    throw Refuse(path, script, $"its otadata partition at {Hex.Address(otadata.Offset)} is not on a 4 KiB sector boundary");
                }

                // The script's partitions may give otadata any size: too small for a record, or (found by fuzzing) one
                // whose int cast is negative or that would allocate gigabytes. Both are refused before the record is built.
                if (otadata.Size < PycomOtadata.EntryLength)
                {
                    throw Refuse(path, script, $"its otadata partition is 0x{otadata.Size:X} bytes, too small for the {PycomOtadata.EntryLength}-byte boot record");
                }

                CheckFits(path, script, where, otadata.Offset, otadata.Size, flashSize);
                byte[] record = PycomOtadata.Create(ota0, imageSize, (int)otadata.Size);
                AddWrite(writes, otadata.Offset, record, "otadata record", null, new List<string> { ota0 ? "boot ota_0" : "boot factory" }, cb, options.IncludeConfigBlock, where, warnings);
            }

            PycomPlanStep[] sorted = writes.OrderBy(w => w.Offset).ToArray();
            for (int i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Offset < sorted[i - 1].End)
                {
                    throw Refuse(path, script, string.Format(CultureInfo.InvariantCulture,
                        "writes '{0}' at 0x{1:X}, over '{2}' at 0x{3:X}-0x{4:X}", sorted[i].Source, sorted[i].Offset, sorted[i - 1].Source, sorted[i - 1].Offset, sorted[i - 1].End - 1));
                }
            }

            return new PycomFlashPlan(path, script, flashSize, erases.Concat(writes).ToList(), warnings, !options.IncludeConfigBlock);
        }

        private static void AddWrite(List<PycomPlanStep> writes, uint at, byte[] padded, string source, PycomScriptInstruction? instruction, List<string> notes,
            PycomPartition cb, bool includeConfigBlock, string where, List<string> warnings)
        {
            foreach ((uint o, long l, string? cut) in AroundConfigBlock(at, padded.Length, cb, includeConfigBlock, where, warnings))
            {
                byte[] piece = o == at && l == padded.Length ? padded : padded.Skip((int)(o - at)).Take((int)l).ToArray();
                string? note = string.Join("; ", notes.Concat(cut is null ? Enumerable.Empty<string>() : new[] { cut }));
                writes.Add(new PycomPlanStep(PycomPlanStepKind.Write, o, l, source, instruction, piece, Md5Digest.Of(piece), note.Length == 0 ? null : note));
            }
        }

        /// <summary>
        /// The parts of [offset, offset + length) outside the config block, unless the user allowed it to change. The
        /// updater reads the block from the chip and splices it into the data instead; leaving its sector out gives the same
        /// flash contents without a flash read (which the ROM loader lacks) and without ever erasing that sector, so a
        /// failure mid-flash cannot lose the board's MACs. The config block is one whole sector, so the parts stay aligned.
        /// </summary>
        private static IEnumerable<(uint Offset, long Length, string? Note)> AroundConfigBlock(uint offset, long length, PycomPartition cb, bool include, string where, List<string> warnings)
        {
            long end = offset + length;
            if (include || end <= cb.Offset || offset >= cb.End)
            {
                return new[] { (offset, length, (string?)null) };
            }

            string note = string.Format(CultureInfo.InvariantCulture, "config block 0x{0:X}-0x{1:X} left as it is", cb.Offset, cb.End - 1);
            warnings.Add($"{where}: the {note} (pass the config-block opt-in to change it).");
            var parts = new List<(uint, long, string?)>();
            if (offset < cb.Offset)
            {
                parts.Add((offset, cb.Offset - offset, note));
            }

            if (end > cb.End)
            {
                parts.Add(((uint)cb.End, end - cb.End, note));
            }

            return parts;
        }

        private static void CheckImage(string path, PycomScript script, string where, string member, byte[] data, string what)
        {
            Esp32Image image;
            try
            {
                image = Esp32Image.Read(new System.IO.MemoryStream(data, writable: false), member);
            }
            catch (Esp32ImageException e)
            {
                throw Refuse(path, script, $"{where} writes '{member}' to {what}, but it is not a valid ESP32 image: {e.Reason}");
            }

            if (image.ChipId != Esp32Chips.Esp32ChipId)
            {
                string chip = Esp32Chips.ChipFromImageId(image.ChipId) ?? $"chip id {image.ChipId}";
                throw Refuse(path, script, $"{where} writes '{member}' to {what}, but it is an image for {chip}; Pycom boards are ESP32s");
            }
        }

        private static void CheckFits(string path, PycomScript script, string where, uint offset, long length, long flashSize)
        {
            if (offset + length > flashSize)
            {
                throw Refuse(path, script, string.Format(CultureInfo.InvariantCulture,
                    "{0} reaches 0x{1:X}, past the end of this board's {2} flash (0x{3:X}); the script is for a larger flash",
                    where, offset + length - 1, ByteSize.Format(flashSize), flashSize), "Use the package built for this board, or check that the board's flash size was detected correctly.");
            }
        }

        private static PycomPackageException Refuse(string path, PycomScript script, string reason, string? action = null) =>
            new PycomPackageException(path, script.Name, reason, action ?? "Use the package built for this board; do not flash a package that was altered.");
    }
}
