using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>Picks one file from what a source offers (newest first), or explains why none fits.</summary>
    public static class FirmwareSelector
    {
        public const int NewestShown = 5;

        public static bool IsLatest(string? version) => string.IsNullOrWhiteSpace(version) || version!.Trim().Equals("latest", StringComparison.OrdinalIgnoreCase);

        /// <summary>The releases of the requested variant, previews only when asked for.</summary>
        public static IReadOnlyList<FirmwareRelease> Filter(IReadOnlyList<FirmwareRelease> releases, FirmwareQuery query, bool variantMustExist, Uri? where)
        {
            List<FirmwareRelease> ofVariant = releases.Where(r => string.Equals(r.Variant, Normalize(query.Variant), StringComparison.OrdinalIgnoreCase)).ToList();
            if (ofVariant.Count == 0 && variantMustExist && releases.Count > 0)
            {
                List<string> variants = releases.Select(r => r.Variant ?? "(standard)").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                string asked = Normalize(query.Variant) ?? "the standard build";
                throw DownloadErrors.VersionNotFound(
                    $"{releases[0].Board} has no firmware for variant '{asked}'. Variants offered: {string.Join(", ", variants)}.",
                    where?.ToString() ?? releases[0].Board,
                    "Use -Variant with one of the variants offered (or leave it out for the standard build).");
            }

            return query.IncludePreview ? ofVariant : ofVariant.Where(r => !r.IsPreview).ToList();
        }

        public static FirmwareRelease Select(IReadOnlyList<FirmwareRelease> releases, FirmwareQuery query, Uri? where, OperationLog? log)
        {
            List<FirmwareRelease> ofVariant = releases.Where(r => string.Equals(r.Variant, Normalize(query.Variant), StringComparison.OrdinalIgnoreCase)).ToList();
            if (ofVariant.Count == 0)
            {
                Filter(releases, query, variantMustExist: true, where);
                throw DownloadErrors.VersionNotFound($"No firmware was found for {query.Board}.", where?.ToString() ?? query.Board, "Check the board name, or use -Uri with a direct link.");
            }

            string target = where?.ToString() ?? query.Board;
            if (IsLatest(query.Version))
            {
                FirmwareRelease? pick = ofVariant.FirstOrDefault(r => query.IncludePreview || !r.IsPreview);
                if (pick is null)
                {
                    // A board with preview builds only (a new board, or Pycom offering a beta) still gets its newest build.
                    pick = ofVariant[0];
                    log.Warning($"{pick.Board} has only preview builds; taking the newest, {pick.Version}.");
                }

                return pick;
            }

            FirmwareRelease? match = ofVariant.FirstOrDefault(r => Matches(r, query.Version!));
            if (match != null)
            {
                return match;
            }

            List<string> newest = ofVariant.Where(r => query.IncludePreview || !r.IsPreview).Select(r => r.Version).Distinct(StringComparer.OrdinalIgnoreCase).Take(NewestShown).ToList();
            if (newest.Count == 0)
            {
                newest = ofVariant.Select(r => r.Version).Distinct(StringComparer.OrdinalIgnoreCase).Take(NewestShown).ToList();
            }

            throw DownloadErrors.VersionNotFound(
                $"Version '{query.Version}' of {ofVariant[0].Board}{(query.Variant is null ? string.Empty : "-" + Normalize(query.Variant))} was not found. Newest available: {string.Join(", ", newest)}.",
                target,
                "Use -Version with one of these, or -ListAvailable to see all.");
        }

        /// <summary>Exact match by version, not by spelling: v1.22.2, 1.22.2 and 1.22.2 with another date all match.</summary>
        public static bool Matches(FirmwareRelease release, string version)
        {
            string wanted = version.Trim();
            if (string.Equals(StripV(release.Version), StripV(wanted), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return release.ParsedVersion switch
            {
                FirmwareVersion mine => FirmwareVersion.TryParse(wanted, out FirmwareVersion? other) && mine.Equals(other) && (other!.Commit is null || other.Commit == mine.Commit),
                PycomVersion mine => PycomVersion.TryParse(wanted, out PycomVersion? other) && mine.Equals(other),
                _ => false,
            };
        }

        private static string StripV(string v) => v.StartsWith("v", StringComparison.OrdinalIgnoreCase) ? v.Substring(1) : v;

        private static string? Normalize(string? variant) => string.IsNullOrWhiteSpace(variant) ? null : variant!.Trim().ToUpperInvariant();
    }
}
