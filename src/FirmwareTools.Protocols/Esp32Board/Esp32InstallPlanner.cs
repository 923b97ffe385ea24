using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// The first half of Install-Esp32Firmware, pure: reads and validates every file and the layout and returns the plan
    /// (<see cref="Esp32InstallPreparation"/>). It never opens a port, so nothing reaches a board before the input is
    /// checked and the user confirmed; <see cref="Esp32InstallRun"/> carries a plan out.
    /// </summary>
    public static class Esp32InstallPlanner
    {
        public static Esp32InstallPreparation Plan(Esp32InstallRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.PackagePath != null)
            {
                return PreparePackage(request);
            }

            if (request.Regions.Count == 0)
            {
                throw Esp32BoardErrors.RegionsInvalid(request.Port, "no file was given", "Pass -Path with a MicroPython .bin, or -Image @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }.");
            }

            var warnings = new List<string>();
            var planned = new List<Esp32PlannedRegion>();
            foreach (Esp32Region region in request.Regions)
            {
                planned.Add(PlanRegion(region, request.Force, warnings));
            }

            planned.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            for (int i = 1; i < planned.Count; i++)
            {
                Esp32PlannedRegion before = planned[i - 1];
                Esp32PlannedRegion after = planned[i];
                if (after.Offset < before.End)
                {
                    throw Esp32BoardErrors.RegionsInvalid(after.Path,
                        string.Format(CultureInfo.InvariantCulture, "'{0}' at 0x{1:X} overlaps '{2}', which covers 0x{3:X}-0x{4:X}", after.Name, after.Offset, before.Name, before.Offset, before.End - 1),
                        "Give each file its own offset range; check the offsets in -Image.");
                }
            }

            CheckOneChip(planned, request.Force, warnings);
            Esp32PlannedRegion last = planned[planned.Count - 1];
            if (last.End > Esp32Protocol.Esp32MaxFlashSize)
            {
                throw PastFlash(last, Esp32Protocol.Esp32MaxFlashSize, "the ESP32 ROM loader addresses at most 16 MiB");
            }

            return new Esp32InstallPreparation(request, planned, warnings);
        }

        /// <summary>
        /// The region for a single firmware file (-Path): a MicroPython ESP32 .bin is a merged image whose first image is
        /// the bootloader, so it goes to the bootloader offset of the chip its header names (0x1000 on the ESP32 and the
        /// ESP32-S2, 0x0 on the S3, C3 and C6; docs/protocols/esp32-family.md §2.1, §4.3).
        /// </summary>
        public static Esp32Region RegionForFirmware(string path)
        {
            if (!File.Exists(path))
            {
                throw ImageErrors.FileNotFound(path);
            }

            Esp32Image image = Esp32Image.Read(path);
            Esp32ChipTarget target = Esp32ChipTarget.FromChipId(image.ChipId) ?? throw UnsupportedChip(path, image.ChipId);
            return new Esp32Region(target.BootloaderOffset, path);
        }

        /// <summary>
        /// An image must be for a chip this module flashes, and an image at a bootloader offset (0x0 or 0x1000) must be at
        /// its own chip's (an ESP32-S3 image at 0x1000 leaves 0x0 erased, and the ROM prints "invalid header";
        /// docs/protocols/esp32-family.md §4.3). Whether the chip is the board's is checked once the board answered.
        /// </summary>
        private static void CheckChipAndPlace(string path, int chipId, uint offset, bool force, List<string> warnings)
        {
            string chip = Esp32Errors.ChipName(chipId);
            Esp32ChipTarget? target = Esp32ChipTarget.FromChipId(chipId);
            if (target is null)
            {
                if (!force)
                {
                    throw UnsupportedChip(path, chipId);
                }

                warnings.Add($"'{path}' is built for {chip}, which Install-Esp32Firmware does not flash; writing it because of -Force.");
                return;
            }

            if (Esp32Chips.IsBootloaderOffset(offset) && offset != target.BootloaderOffset)
            {
                if (!force)
                {
                    throw Esp32Errors.ImageMisplaced(path, chipId, offset, target.BootloaderOffset);
                }

                warnings.Add(string.Format(CultureInfo.InvariantCulture, "'{0}' is built for {1}, whose bootloader goes at {2}; writing it at {3} because of -Force.", path, chip, Hex.Address(target.BootloaderOffset), Hex.Address(offset)));
            }
        }

        /// <summary>Every image of one install is for the same chip: a mix cannot be right for any board.</summary>
        private static void CheckOneChip(IReadOnlyList<Esp32PlannedRegion> planned, bool force, List<string> warnings)
        {
            Esp32PlannedRegion? first = planned.FirstOrDefault(r => r.Image != null);
            if (first is null)
            {
                return;
            }

            foreach (Esp32PlannedRegion other in planned.Where(r => r.Image != null && r.Image.ChipId != first.Image!.ChipId))
            {
                string firstChip = Esp32Errors.ChipName(first.Image!.ChipId);
                if (!force)
                {
                    throw Esp32Errors.ChipMismatch(other.Path, other.Image!.ChipId, firstChip, $"'{first.Path}' in the same install is firmware for {firstChip}");
                }

                warnings.Add($"'{other.Path}' is built for {Esp32Errors.ChipName(other.Image!.ChipId)} and '{first.Path}' for {firstChip}; writing both because of -Force.");
            }
        }

        private static Esp32ImageException UnsupportedChip(string path, int chipId) =>
            new Esp32ImageException(path, $"it is firmware for {Esp32Errors.ChipName(chipId)}, which Install-Esp32Firmware does not flash (it flashes {Esp32Errors.SupportedChips})",
                "Download the firmware built for your board's chip, or use esptool for this chip.");

        /// <summary>True when the file is gzip-compressed (1F 8B), which is how Pycom ships its firmware packages.</summary>
        public static bool IsPackage(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
        }

        internal static FirmwareError PastFlash(Esp32PlannedRegion region, long flashSize, string why) =>
            Esp32BoardErrors.RegionsInvalid(region.Path,
                string.Format(CultureInfo.InvariantCulture, "'{0}' at 0x{1:X} ends at 0x{2:X}, past the end of the flash at 0x{3:X} ({4})", region.Name, region.Offset, region.End, flashSize, why),
                "Check the offsets and that the firmware is built for this board's flash size.");

        private static Esp32InstallPreparation PreparePackage(Esp32InstallRequest request)
        {
            string path = request.PackagePath!;
            if (!File.Exists(path))
            {
                throw ImageErrors.FileNotFound(path);
            }

            PycomPackage package = PycomPackage.Read(path);
            var options = new PycomPlanOptions { FlashParameters = request.FlashParameters ?? Esp32FlashParameters.PycomUpdater };

            // The script depends on the flash size, known only once the chip answers; nothing may touch the port before
            // the user confirmed, so the confirmation names what runs on each size the package has a script for.
            var described = new List<(long Size, string Text)>();
            PycomPackageException? refused = null;
            foreach (long size in PackagePlanSizes)
            {
                try
                {
                    described.Add((size, package.CreatePlan(size, options).Description));
                }
                catch (PycomPackageException e)
                {
                    refused ??= e;
                    described.Add((size, "refused (" + e.Reason + ")"));
                }
            }

            if (refused != null && described.All(d => d.Text.StartsWith("refused", StringComparison.Ordinal)))
            {
                throw refused;
            }

            string text = described.Select(d => d.Text).Distinct().Count() == 1
                ? described[0].Text
                : "By the detected flash size: " + string.Join("; ", described.Select(d => $"{ByteSize.Format(d.Size)}: {d.Text}"));
            return new Esp32InstallPreparation(request, new Esp32PlannedRegion[0], new string[0], package, text);
        }

        /// <summary>The flash sizes of Pycom modules (4 MB WiPy 2, 8 MB WiPy 3 / LoPy4 / FiPy / GPy), described before connecting.</summary>
        private static readonly long[] PackagePlanSizes = { 4L * 1024 * 1024, 8L * 1024 * 1024 };

        private static Esp32PlannedRegion PlanRegion(Esp32Region region, bool force, List<string> warnings)
        {
            string path = region.Path;
            if (!File.Exists(path))
            {
                throw ImageErrors.FileNotFound(path);
            }

            if (region.Offset % Esp32Protocol.FlashSectorSize != 0)
            {
                throw Esp32BoardErrors.RegionsInvalid(path,
                    string.Format(CultureInfo.InvariantCulture, "offset 0x{0:X} for '{1}' is not on a 4 KiB sector boundary (the ROM would erase the bytes before it)", region.Offset, Path.GetFileName(path)),
                    "Use an offset that is a multiple of 0x1000.");
            }

            using FileStream stream = File.OpenRead(path);
            long length = stream.Length;
            if (length == 0)
            {
                throw new Esp32ImageException(path, "it is empty");
            }

            Esp32RegionKind kind;
            Esp32Image? image = null;
            bool mustBeImage = region.Offset == Esp32Chips.Esp32BootloaderOffset || region.Offset == Esp32Chips.AppOffset;
            string where = string.Format(CultureInfo.InvariantCulture, "0x{0:X}", region.Offset);
            if (region.Offset == Esp32Chips.PartitionTableOffset && Esp32PartitionTable.HasMagic(stream))
            {
                kind = Esp32RegionKind.PartitionTable;
            }
            else
            {
                stream.Position = 0;
                if (Esp32Image.HasMagic(stream))
                {
                    stream.Position = 0;
                    try
                    {
                        image = Esp32Image.Read(stream, path);
                        kind = Esp32RegionKind.Image;
                    }
                    catch (Esp32ImageException e) when (force && !mustBeImage)
                    {
                        warnings.Add($"{e.Reason} ('{path}'); writing it as raw data at {where} because of -Force.");
                        kind = Esp32RegionKind.Raw;
                    }
                }
                else if (region.Offset == Esp32Chips.PartitionTableOffset && !force)
                {
                    throw new Esp32ImageException(path, "it is not a partition table (no AA 50 entry at its start), which offset 0x8000 holds", "Check the file for 0x8000, or pass -Force to write raw data there.");
                }
                else if (mustBeImage || !force)
                {
                    throw new Esp32ImageException(path,
                        $"it is not an ESP32 image (it does not start with 0xE9), and {where} {(mustBeImage ? "must hold an image (" + (region.Offset == Esp32Chips.AppOffset ? "the app" : "the bootloader") + ")" : "expects one unless -Force says raw data belongs there")}");
                }
                else
                {
                    warnings.Add($"'{path}' is not an ESP32 image; writing it as raw data at {where} because of -Force.");
                    kind = Esp32RegionKind.Raw;
                }
            }

            if (image != null)
            {
                CheckChipAndPlace(path, image.ChipId, region.Offset, force, warnings);
            }

            long padded = Padding.RoundUp(length, 4);
            long compressed;
            using (FileStream source = File.OpenRead(path))
            {
                compressed = ZlibBlockCompressor.CompressedLength(source, padded, Esp32Protocol.FlashWriteSize);
            }

            return new Esp32PlannedRegion(region.Offset, path, length, kind, image, Md5Digest.OfFilePadded(path, length, 4), compressed);
        }
    }
}
