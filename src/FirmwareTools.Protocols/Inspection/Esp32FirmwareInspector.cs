using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Inspection
{
    /// <summary>
    /// Get-FirmwareInfo for ESP32 images and Pycom packages, called by <see cref="FirmwareInspector"/> before the DFU
    /// formats: a file starting with the gzip magic is read as a Pycom package, one starting with 0xE9 (and not named
    /// .dfu) as an ESP32 image. A damaged file still gives an info object with IsValid false and the reason.
    /// </summary>
    internal static class Esp32FirmwareInspector
    {
        /// <summary>Flash sizes Pycom boards come with: a package's plan is shown for each.</summary>
        private static readonly long[] PycomFlashSizes = { 4L * 1024 * 1024, 8L * 1024 * 1024 };

        public static FirmwareInfo? TryInspect(string fullPath, FileInfo file)
        {
            var head = new byte[2];
            int got;
            using (FileStream stream = OpenRead(fullPath))
            {
                got = stream.Read(head, 0, 2);
            }

            if (got == 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                return InspectPackage(fullPath, file);
            }

            if (got >= 1 && head[0] == Esp32Image.Magic && !string.Equals(file.Extension, ".dfu", StringComparison.OrdinalIgnoreCase))
            {
                return InspectImage(fullPath, file);
            }

            return null;
        }

        private static FirmwareInfo InspectPackage(string fullPath, FileInfo file)
        {
            string sha256 = Sha256(fullPath);
            PycomPackage package;
            try
            {
                package = PycomPackage.Read(fullPath);
            }
            catch (PycomPackageException e)
            {
                return new FirmwareInfo
                {
                    Path = fullPath, Name = file.Name, Format = FirmwareImageFormat.PycomPackage, Length = file.Length, Sha256 = sha256,
                    IsValid = false, Problem = e.Message, ProblemErrorId = e.ErrorId,
                };
            }

            var plans = new List<PycomFlashPlan>();
            var problems = new List<string>();
            foreach (long size in PycomFlashSizes)
            {
                try
                {
                    plans.Add(package.CreatePlan(size));
                }
                catch (PycomPackageException e)
                {
                    problems.Add($"{ByteSize.Format(size)}: {e.Reason}");
                }
            }

            bool valid = plans.Count > 0;
            return new FirmwareInfo
            {
                Path = fullPath,
                Name = file.Name,
                Format = FirmwareImageFormat.PycomPackage,
                Length = file.Length,
                Sha256 = sha256,
                IsValid = valid,
                Problem = valid ? null : $"Pycom package '{fullPath}' fits neither a 4 MiB nor an 8 MiB board: {string.Join("; ", problems)}.",
                ProblemErrorId = valid ? null : ImageErrors.PycomPackageInvalidId.Id,
                Warnings = plans.SelectMany(p => p.Warnings.Select(w => $"{ByteSize.Format(p.FlashSize)} ({p.Script.Name}): {w}")).Concat(valid ? problems : Enumerable.Empty<string>()).ToList(),
                FirmwareLength = package.Members.Sum(m => m.Length),
                PycomPackage = new PycomPackageInfo
                {
                    Files = package.Members,
                    Scripts = package.Scripts.Select(s => s.Name).ToList(),
                    Plans = plans,
                    PlanProblems = problems,
                },
            };
        }

        private static FirmwareInfo InspectImage(string fullPath, FileInfo file)
        {
            string sha256 = Sha256(fullPath);
            using FileStream stream = OpenRead(fullPath);
            var header = new byte[Esp32Image.HeaderLength];
            int got = stream.Read(header, 0, header.Length);
            stream.Position = 0;
            Esp32Image? image = null;
            Esp32ImageException? problem = null;
            try
            {
                image = Esp32Image.Read(stream, fullPath);
            }
            catch (Esp32ImageException e)
            {
                problem = e;
            }

            Esp32ImageInfo details;
            if (image != null)
            {
                details = Describe(header, image.HashAppended ? "valid (checksum and SHA-256 match)" : "valid (checksum matches; no SHA-256 appended)",
                    image.Segments.Select((s, i) => new Esp32SegmentInfo(i, s.LoadAddress, s.Length, s.FileOffset)).ToList(), image.Length, file.Length - image.Length);
            }
            else if (got >= Esp32Image.HeaderLength)
            {
                // The header is still worth showing when the body is damaged: it tells what the file was meant to be.
                details = Describe(header, problem!.Reason, new Esp32SegmentInfo[0], null, null);
            }
            else
            {
                details = new Esp32ImageInfo { Verdict = problem!.Reason };
            }

            var warnings = new List<string>();
            if (image != null && image.ChipId == 0 && image.Segments.Any(s => Esp32SegmentInfo.Classify(s.LoadAddress) == "?"))
            {
                warnings.Add("a segment loads outside the ESP32's known memory regions");
            }

            return new FirmwareInfo
            {
                Path = fullPath,
                Name = file.Name,
                Format = FirmwareImageFormat.Esp32Image,
                Length = file.Length,
                Sha256 = sha256,
                IsValid = problem is null,
                Problem = problem?.Message,
                ProblemErrorId = problem?.ErrorId,
                Warnings = warnings,
                FirmwareLength = image?.Length,
                AssumedAddress = Esp32Chips.BootloaderOffset(details.ChipId) is uint home && image != null ? home : null,
                Esp32Image = details,
            };
        }

        /// <summary>What the 24-byte image header says (§7), with the verdict and what was read of the body.</summary>
        private static Esp32ImageInfo Describe(byte[] header, string verdict, IReadOnlyList<Esp32SegmentInfo> segmentList, long? imageLength, long? trailing)
        {
            int chipId = LittleEndian.ReadUInt16(header, 12);
            byte mode = header[2];
            byte sizeFrequency = header[3];
            int minRevFull = LittleEndian.ReadUInt16(header, 15);
            int maxRevFull = LittleEndian.ReadUInt16(header, 17);
            return new Esp32ImageInfo
            {
                Verdict = verdict,
                Segments = segmentList,
                ImageLength = imageLength,
                TrailingLength = trailing,
                Chip = Esp32Chips.ChipFromImageId(chipId) ?? string.Format(CultureInfo.InvariantCulture, "chip id {0}", chipId),
                ChipId = chipId,
                EntryPoint = LittleEndian.ReadUInt32(header, 4),
                SegmentCount = header[1],
                FlashMode = Esp32FlashParameters.DescribeMode(mode),
                FlashFrequency = Esp32Chips.DescribeFrequency(chipId, sizeFrequency),
                FlashSize = Esp32FlashParameters.DescribeSize(sizeFrequency),
                FlashParameters = (ushort)(mode << 8 | sizeFrequency),
                MinRevision = string.Format(CultureInfo.InvariantCulture, "{0}.{1}", minRevFull / 100, minRevFull % 100),
                MaxRevision = maxRevFull is 0 or 0xFFFF ? null : string.Format(CultureInfo.InvariantCulture, "{0}.{1}", maxRevFull / 100, maxRevFull % 100),
                HashAppended = header[23] == 1,
            };
        }

        private static string Sha256(string path)
        {
            using FileStream stream = OpenRead(path);
            return FileHash.Sha256Of(stream);
        }

        private static FileStream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }
}
