using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// What flashing a set of DfuSe targets onto a device with the given memory layouts will do, worked out before
    /// anything is sent: the sectors to erase (each once) or a mass erase, then the regions to write. Pure: no I/O.
    /// </summary>
    /// <remarks>
    /// <para>Erase policy (docs/protocols/dfu-dfuse.md §4.4, §4.9): the union of the sectors touched by every element, over all targets,
    /// erased exactly once before any write. pydfu and dfu-util erase per element and can wipe a neighbour that shares
    /// a sector; the union avoids that. Sectors no element touches are left alone, which is what keeps the pyboard's
    /// filesystem (sectors 1-4) intact. A mass erase happens only when asked for.</para>
    /// <para>Memory that the layout marks writable but not erasable (type 'd' or 'e': the F405's option bytes and OTP)
    /// is programmed in place. There is no erase command that could apply to it and the bootloader handles the
    /// programming itself, so the plan writes it without an erase entry, marks the region
    /// <see cref="DfuSeWriteRegion.ErasedFirst"/> = false and sets <see cref="WritesNonErasableMemory"/> so the caller
    /// can warn (OTP is one-time; an option-byte write resets the device). Erasable-but-not-writable memory and
    /// read-only memory are refused. The "Device Feature" alternate setting is refused outright: its meaning is
    /// undocumented (docs/protocols/dfu-dfuse.md §2.3).</para>
    /// </remarks>
    public sealed class DfuSeFlashPlan
    {
        /// <summary>The name the F4 ROM gives its undocumented fourth alternate setting; never written.</summary>
        public const string DeviceFeatureLayoutName = "Device Feature";

        private DfuSeFlashPlan(IList<DfuSeWriteRegion> writes, IList<DfuSeEraseSector> erases, IList<byte> massEraseAlternateSettings, long massEraseBytes)
        {
            Writes = new ReadOnlyCollection<DfuSeWriteRegion>(writes);
            Erases = new ReadOnlyCollection<DfuSeEraseSector>(erases);
            MassEraseAlternateSettings = new ReadOnlyCollection<byte>(massEraseAlternateSettings);
            TotalWriteBytes = writes.Sum(w => w.Length);
            TotalEraseBytes = MassErase ? massEraseBytes : erases.Sum(e => (long)e.Size);
        }

        /// <summary>Regions to write, sorted by alternate setting and address; zero-length elements are dropped.</summary>
        public IReadOnlyList<DfuSeWriteRegion> Writes { get; }

        /// <summary>Sectors to erase, each exactly once, sorted by alternate setting and address. Empty for a mass erase.</summary>
        public IReadOnlyList<DfuSeEraseSector> Erases { get; }

        /// <summary>True when the caller asked for a full erase: send the one-byte mass-erase command instead of sector erases.</summary>
        public bool MassErase => MassEraseAlternateSettings.Count > 0;

        /// <summary>The alternate settings to mass-erase (those whose written memory is erasable).</summary>
        public IReadOnlyList<byte> MassEraseAlternateSettings { get; }

        public long TotalWriteBytes { get; }

        /// <summary>Bytes of memory erased: the listed sectors, or every erasable segment of a mass-erased alternate setting.</summary>
        public long TotalEraseBytes { get; }

        /// <summary>True when some region lies in writable memory that cannot be erased (option bytes, OTP).</summary>
        public bool WritesNonErasableMemory => Writes.Any(w => !w.ErasedFirst);

        /// <summary>True when the plan erases any byte of [start, endExclusive) on the alternate setting (mass erase included).</summary>
        public bool ErasesAny(byte alternateSetting, long start, long endExclusive) =>
            MassEraseAlternateSettings.Contains(alternateSetting) ||
            Erases.Any(s => s.AlternateSetting == alternateSetting && s.Address < endExclusive && s.EndAddress > start);

        /// <summary>
        /// Validates <paramref name="targets"/> against the device's layouts and plans the erase and the writes.
        /// Throws <see cref="DfuFlashPlanException"/> on the first element that cannot be flashed.
        /// </summary>
        /// <param name="targets">The firmware, as read from a file.</param>
        /// <param name="layoutsByAlternateSetting">The device's parsed memory layout for each of its alternate settings.</param>
        /// <param name="fullErase">Mass-erase instead of erasing only the touched sectors (wipes the pyboard filesystem).</param>
        /// <param name="source">The file the targets came from, for messages and as the error's target.</param>
        public static DfuSeFlashPlan Create(IReadOnlyList<DfuSeTarget> targets, IReadOnlyDictionary<byte, DfuSeMemoryLayout> layoutsByAlternateSetting,
                                            bool fullErase = false, string? source = null)
        {
            if (targets is null)
            {
                throw new ArgumentNullException(nameof(targets));
            }

            if (layoutsByAlternateSetting is null)
            {
                throw new ArgumentNullException(nameof(layoutsByAlternateSetting));
            }

            string what = source is null ? "The firmware" : $"The firmware file '{source}'";
            if (targets.Count == 0 || targets.All(t => t.Elements.All(e => e.Length == 0)))
            {
                throw new DfuFlashPlanException(
                    DfuErrors.FirmwareEmptyId,
                    $"{what} holds no bytes to flash ({targets.Count} target(s), every element empty).",
                    source, "Check that the file is the firmware you meant; nothing was written to the device.");
            }

            var writes = new List<DfuSeWriteRegion>();
            var erases = new SortedDictionary<ulong, DfuSeEraseSector>();
            var massErase = new SortedSet<byte>();
            foreach (DfuSeTarget target in targets)
            {
                if (!layoutsByAlternateSetting.TryGetValue(target.AlternateSetting, out DfuSeMemoryLayout? layout))
                {
                    string have = string.Join(", ", layoutsByAlternateSetting.Keys.OrderBy(k => k).Select(k => k.ToString(CultureInfo.InvariantCulture)));
                    throw new DfuFlashPlanException(
                        DfuErrors.FirmwareTargetNotOnDeviceId,
                        $"{what} has a target for alternate setting {target.AlternateSetting}" + (target.Name.Length > 0 ? $" (\"{target.Name}\")" : string.Empty) +
                        $", which the device does not have (it has {(have.Length == 0 ? "none" : have)}).",
                        source, "Use firmware built for this board; nothing was written to the device.", target.AlternateSetting);
                }

                if (string.Equals(layout.Name, DeviceFeatureLayoutName, StringComparison.Ordinal) && target.Elements.Any(e => e.Length > 0))
                {
                    throw new DfuFlashPlanException(
                        DfuErrors.FirmwareTargetForbiddenId,
                        $"{what} writes to alternate setting {target.AlternateSetting} \"{layout.Name}\", whose meaning is undocumented; writing it could make the bootloader unusable.",
                        source, "Remove that target from the file; nothing was written to the device.", target.AlternateSetting);
                }

                foreach (DfuSeElement element in target.Elements)
                {
                    if (element.Length == 0)
                    {
                        continue;
                    }

                    bool erasedFirst = PlanElement(what, source, target.AlternateSetting, layout, element, erases, fullErase, massErase);
                    writes.Add(new DfuSeWriteRegion(target.AlternateSetting, element.Address, element.Data, erasedFirst));
                }
            }

            writes.Sort((a, b) => a.AlternateSetting != b.AlternateSetting ? a.AlternateSetting.CompareTo(b.AlternateSetting) : a.Address.CompareTo(b.Address));
            for (int i = 1; i < writes.Count; i++)
            {
                DfuSeWriteRegion previous = writes[i - 1];
                DfuSeWriteRegion current = writes[i];
                if (previous.AlternateSetting == current.AlternateSetting && previous.EndAddress > current.Address)
                {
                    throw new DfuFlashPlanException(
                        DfuErrors.FirmwareElementsOverlapId,
                        $"{what} has overlapping elements on alternate setting {current.AlternateSetting}: {previous.Region} and {current.Region}; which bytes win would depend on the write order.",
                        source, "Rebuild the firmware file; nothing was written to the device.", current.AlternateSetting, current.Address, current.Length);
                }
            }

            long massEraseBytes = massErase.Sum(alt => layoutsByAlternateSetting[alt].Segments.Where(s => s.IsErasable).Sum(s => s.Length));
            return new DfuSeFlashPlan(writes, fullErase ? new List<DfuSeEraseSector>() : erases.Values.ToList(), massErase.ToList(), massEraseBytes);
        }

        private static bool PlanElement(string what, string? source, byte alt, DfuSeMemoryLayout layout, DfuSeElement element,
                                        SortedDictionary<ulong, DfuSeEraseSector> erases, bool fullErase, SortedSet<byte> massErase)
        {
            long position = element.Address;
            long end = element.EndAddress;
            bool erasable = false;
            bool nonErasable = false;
            while (position < end)
            {
                DfuSeMemorySegment? segment = layout.FindSegment(position);
                if (segment is null)
                {
                    string where = position == element.Address ? "it starts" : $"0x{position:X8} lies";
                    throw new DfuFlashPlanException(
                        DfuErrors.FirmwareOutsideFlashId,
                        $"{what} has an element at {element.Region} on alternate setting {alt}, but {where} outside the device's memory \"{layout.Name}\" ({Describe(layout)}).",
                        source, "Use firmware built for this board (or, for a raw image, the right address); nothing was written to the device.",
                        alt, element.Address, element.Length);
                }

                if (!segment.IsWritable)
                {
                    throw new DfuFlashPlanException(
                        DfuErrors.FirmwareNotWritableId,
                        $"{what} has an element at {element.Region} on alternate setting {alt} that reaches 0x{position:X8} in segment {segment} of \"{layout.Name}\", which the device marks not writable (type '{segment.TypeLetter}').",
                        source, "Use firmware built for this board; nothing was written to the device.",
                        alt, element.Address, element.Length, segment);
                }

                long stop = Math.Min(end, segment.EndAddress);
                if (segment.IsErasable)
                {
                    erasable = true;
                    for (long sector = segment.SectorStart(position); sector < stop; sector += segment.SectorSize)
                    {
                        ulong key = ((ulong)alt << 32) | (uint)sector;
                        if (!erases.ContainsKey(key))
                        {
                            erases.Add(key, new DfuSeEraseSector(alt, SectorIndex(layout, segment, sector), (uint)sector, segment.SectorSize));
                        }
                    }
                }
                else
                {
                    nonErasable = true;
                }

                position = stop;
            }

            if (erasable && nonErasable)
            {
                // Half of the element would be written over erased flash and half over whatever is there: the result is
                // unpredictable, so refuse rather than guess.
                DfuSeMemorySegment segment = layout.FindSegment(element.Address)!;
                throw new DfuFlashPlanException(
                    DfuErrors.FirmwareNotErasableId,
                    $"{what} has an element at {element.Region} on alternate setting {alt} that spans both erasable memory and memory the device cannot erase (\"{layout.Name}\": {Describe(layout)}).",
                    source, "Split the element at the segment boundary; nothing was written to the device.",
                    alt, element.Address, element.Length, segment);
            }

            if (erasable && fullErase)
            {
                massErase.Add(alt);
            }

            return erasable;
        }

        private static int SectorIndex(DfuSeMemoryLayout layout, DfuSeMemorySegment segment, long sectorAddress)
        {
            long index = 0;
            foreach (DfuSeMemorySegment s in layout.Segments)
            {
                if (ReferenceEquals(s, segment))
                {
                    return (int)(index + ((sectorAddress - s.StartAddress) / s.SectorSize));
                }

                index += s.SectorCount;
            }

            throw new InvalidOperationException("The segment is not part of the layout.");
        }

        private static string Describe(DfuSeMemoryLayout layout) => string.Join(", ", layout.Segments.Select(s => s.ToString()));
    }
}
