using System.IO;
using System.Linq;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Inspection
{
    /// <summary>
    /// Get-FirmwareInfo for .uf2 files, called by <see cref="FirmwareInspector"/> for a file that starts with the UF2 magic
    /// or is named .uf2. The file is judged for the chip its families name, keeping no filesystem (the view lists which
    /// boards' filesystems it reaches instead); a damaged file gives IsValid false and the reason.
    /// </summary>
    internal static class Uf2FirmwareInspector
    {
        public static FirmwareInfo? TryInspect(string fullPath, FileInfo file)
        {
            var head = new byte[8];
            int got;
            using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                got = stream.Read(head, 0, head.Length);
            }

            bool named = string.Equals(file.Extension, ".uf2", System.StringComparison.OrdinalIgnoreCase);
            if (!named && !(got == head.Length && Uf2File.StartsLikeUf2(head)))
            {
                return null;
            }

            string sha256 = Sha256(fullPath);
            Uf2File uf2;
            try
            {
                uf2 = Uf2File.Read(fullPath);
            }
            catch (Uf2FileException e)
            {
                return Invalid(fullPath, file, sha256, e, null);
            }

            Rp2Chip? chip = ChipOf(uf2);
            if (chip is null)
            {
                var none = new Uf2FileException(fullPath, null, "it holds no block for an RP2040 or RP2350 (families: " +
                    (uf2.FamilyIds.Count == 0 ? "none" : string.Join(", ", uf2.FamilyIds.Select(Uf2Family.Describe))) + ")", ImageErrors.Uf2FamilyMismatchId);
                return Invalid(fullPath, file, sha256, none, Describe(uf2, null, null));
            }

            var options = new Uf2SelectOptions { Chip = chip.Value, AllowFilesystem = true, FamilyId = OnlyAbsolute(uf2) ? Uf2Family.Rp2xxxAbsolute : (uint?)null };
            try
            {
                Uf2FlashImage image = Uf2FlashImage.Select(uf2, options);
                return new FirmwareInfo
                {
                    Path = fullPath, Name = file.Name, Format = FirmwareImageFormat.Uf2, Length = file.Length, Sha256 = sha256, IsValid = true,
                    FirmwareLength = image.Length, Uf2 = Describe(uf2, chip, image),
                    Warnings = image.BootProblem is null ? new string[0] : new[] { image.BootProblem },
                };
            }
            catch (Uf2FileException e)
            {
                return Invalid(fullPath, file, sha256, e, Describe(uf2, chip, null));
            }
        }

        private static Rp2Chip? ChipOf(Uf2File uf2)
        {
            var families = uf2.Runs.Where(r => !r.IsRp2350E10 && !r.IsNotMainFlash && r.FamilyId.HasValue).Select(r => r.FamilyId!.Value).ToList();
            if (families.Contains(Uf2Family.Rp2040))
            {
                return Rp2Chip.Rp2040;
            }

            return families.Any(f => f == Uf2Family.Rp2350ArmSecure || f == Uf2Family.Rp2350RiscV || f == Uf2Family.Rp2xxxAbsolute) ? Rp2Chip.Rp2350 : (Rp2Chip?)null;
        }

        private static bool OnlyAbsolute(Uf2File uf2) =>
            uf2.Runs.Where(r => !r.IsRp2350E10 && !r.IsNotMainFlash).All(r => r.FamilyId == Uf2Family.Rp2xxxAbsolute);

        private static Uf2ImageInfo Describe(Uf2File uf2, Rp2Chip? chip, Uf2FlashImage? image) => new Uf2ImageInfo
        {
            BlockCount = uf2.Blocks.Count,
            Families = uf2.FamilyIds.Select(Uf2Family.Describe).ToList(),
            Runs = uf2.Runs.Select(r => r + ": " + string.Join(", ", r.Regions)).ToList(),
            Chip = chip,
            Family = image is null ? null : Uf2Family.Describe(image.FamilyId),
            Regions = image?.Regions ?? new MemoryRegion[0],
            ErasedRegions = image is null ? new MemoryRegion[0] : Uf2ImageInfo.Sectors(image),
            OverwritesFilesystemOf = image is null ? new string[0]
                : Rp2BoardProfile.All.Where(b => b.Chip == image.Chip && image.EndAddress > b.FilesystemStart).Select(b => b.Name).ToList(),
            HasE10Block = uf2.Runs.Any(r => r.IsRp2350E10),
            DriveCopyProblem = image?.DriveCopyProblem,
            BootProblem = image?.BootProblem,
        };

        private static FirmwareInfo Invalid(string fullPath, FileInfo file, string sha256, Uf2FileException e, Uf2ImageInfo? uf2) => new FirmwareInfo
        {
            Path = fullPath, Name = file.Name, Format = FirmwareImageFormat.Uf2, Length = file.Length, Sha256 = sha256, IsValid = false,
            Problem = e.Message, ProblemErrorId = e.ErrorId, ProblemOffset = e.Offset, Uf2 = uf2,
        };

        private static string Sha256(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return FileHash.Sha256Of(stream);
        }
    }
}
