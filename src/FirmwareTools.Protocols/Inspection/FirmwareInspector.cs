using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Inspection
{
    /// <summary>Builds a <see cref="FirmwareInfo"/> for a file: no device, no writes.</summary>
    public static class FirmwareInspector
    {
        /// <summary>Where a raw image or plain DFU file is restored when no address is given: the start of STM32 flash.</summary>
        public const uint DefaultRawAddress = 0x08000000;

        /// <summary>
        /// Inspects <paramref name="path"/>. A missing file throws <c>FirmwareFileNotFound</c>; a damaged one
        /// gives an info object with <see cref="FirmwareInfo.IsValid"/> false and the problem.
        /// </summary>
        public static FirmwareInfo Inspect(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A file path is required.", nameof(path));
            }

            string fullPath = System.IO.Path.GetFullPath(path);
            var info = new FileInfo(fullPath);
            if (Directory.Exists(fullPath))
            {
                throw ImageErrors.PathIsFolder(path);
            }

            if (!info.Exists)
            {
                throw ImageErrors.FileNotFound(path);
            }

            // ESP32 images and Pycom packages are recognised by their first bytes and described by their own inspector.
            FirmwareInfo? esp32 = Esp32FirmwareInspector.TryInspect(fullPath, info);
            if (esp32 != null)
            {
                return esp32;
            }

            // A UF2 file is recognised by its start magics, or by its name when those are damaged.
            FirmwareInfo? uf2 = Uf2FirmwareInspector.TryInspect(fullPath, info);
            if (uf2 != null)
            {
                return uf2;
            }

            if (info.Length > FirmwareImageFile.MaximumFileLength)
            {
                // Refused before reading it into memory; the hash is still worth having, so stream it.
                string hash;
                using (FileStream stream = OpenRead(fullPath))
                {
                    hash = FileHash.Sha256Of(stream);
                }

                var tooLarge = ExpectFailure(() => FirmwareImageFile.Read(fullPath));
                return Invalid(fullPath, info.Name, info.Length, hash, tooLarge);
            }

            byte[] content = FirmwareImageFile.ReadBytes(fullPath, path);

            string sha256 = FileHash.Sha256Of(content);

            DfuFileFormatException? problem = null;
            FirmwareImageFile? file;
            try
            {
                file = FirmwareImageFile.Parse(content, fullPath);
            }
            catch (DfuFileFormatException ex)
            {
                problem = ex;

                // When only the CRC is wrong the structure is still readable: show it alongside the problem.
                file = TryParseLenient(content, fullPath);
            }

            if (file is null)
            {
                return Invalid(fullPath, info.Name, content.LongLength, sha256, problem!);
            }

            IReadOnlyList<DfuSeTarget> targets = file.Format == FirmwareImageFormat.DfuSe ? file.Targets : file.AsTargetsAt(DefaultRawAddress);
            IReadOnlyList<DfuSeEraseSector> sectors = Array.Empty<DfuSeEraseSector>();
            bool? touchesFilesystem = null;
            string? f405Problem = null;
            try
            {
                DfuSeFlashPlan plan = Stm32F405FlashMap.CreatePlan(targets, source: fullPath);
                sectors = plan.Erases;
                touchesFilesystem = Stm32F405FlashMap.ErasesPyboardFilesystem(plan);
            }
            catch (DfuFlashPlanException ex)
            {
                f405Problem = ex.Message;
            }

            return new FirmwareInfo
            {
                Path = fullPath,
                Name = info.Name,
                Format = file.Format,
                Length = content.LongLength,
                Sha256 = sha256,
                IsValid = problem is null,
                Problem = problem?.Message,
                ProblemErrorId = problem?.ErrorId,
                ProblemOffset = problem?.Offset,
                Warnings = problem is null ? file.Warnings : file.Warnings.Where(w => !w.StartsWith("the DFU suffix CRC", StringComparison.Ordinal)).ToList(),
                FirmwareLength = file.FirmwareLength,
                Targets = targets.Select(t => new FirmwareTargetInfo(t.AlternateSetting, t.Name, t.Elements.Select(e => new MemoryRegion(e.Address, e.Length)))).ToList(),
                AssumedAddress = file.Format == FirmwareImageFormat.DfuSe ? null : DefaultRawAddress,
                VendorId = file.Suffix?.VendorId,
                ProductId = file.Suffix?.ProductId,
                BcdDevice = file.Suffix?.BcdDevice,
                BcdDfu = file.Suffix?.BcdDfu,
                CrcStored = file.Suffix?.Crc,
                CrcComputed = file.ComputedCrc,
                CrcValid = file.CrcValid,
                ImageSize = file.ImageSize,
                ImageSizeConvention = file.ImageSizeConvention,
                F405EraseSectors = sectors,
                F405SectorNumbers = sectors.Select(s => s.Index).ToList(),
                F405TouchesFilesystem = touchesFilesystem,
                F405Problem = f405Problem,
            };
        }

        private static FirmwareImageFile? TryParseLenient(byte[] content, string path)
        {
            try
            {
                return FirmwareImageFile.Parse(content, path, acceptBadCrc: true);
            }
            catch (DfuFileFormatException)
            {
                return null;
            }
        }

        private static DfuFileFormatException ExpectFailure(Action read)
        {
            try
            {
                read();
            }
            catch (DfuFileFormatException ex)
            {
                return ex;
            }

            throw new InvalidOperationException("An oversized file was accepted.");
        }

        private static FirmwareInfo Invalid(string path, string name, long length, string sha256, DfuFileFormatException problem) => new FirmwareInfo
        {
            Path = path,
            Name = name,
            Format = problem.Format,
            Length = length,
            Sha256 = sha256,
            IsValid = false,
            Problem = problem.Message,
            ProblemErrorId = problem.ErrorId,
            ProblemOffset = problem.Offset,
        };

        private static FileStream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }
}
