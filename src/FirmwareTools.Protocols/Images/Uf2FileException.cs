using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A .uf2 file is damaged, is not a UF2 file, or cannot be written to the board asked for. The message names the file,
    /// the byte offset (and block) where the problem sits, what is wrong; <see cref="FirmwareToolsException.ErrorId"/> says which rule failed.
    /// </summary>
    public sealed class Uf2FileException : FirmwareToolsException
    {
        /// <summary>Not a UF2 file, or a block is damaged (magic, payload size, tags, truncated).</summary>

        /// <summary>No block of the family the chip accepts (an RP2350 file for an RP2040, or the reverse).</summary>

        /// <summary>The blocks of the chosen family do not form one whole run (numbering, count, payload, alignment, overlaps).</summary>

        /// <summary>A page lies outside the chip's flash (or in RAM: a RAM image is not firmware).</summary>

        /// <summary>A page lies inside the MicroPython filesystem and -EraseFilesystem was not given.</summary>

        public Uf2FileException(string path, long? offset, string problem, ErrorDefinition? definition = null, string? recommendedAction = null)
            : base(BuildMessage(path, offset, problem), path, recommendedAction ?? "The file is damaged or is not a UF2 firmware file; download or build it again.", null)
        {
            Path = path;
            Offset = offset;
            Problem = problem;
            Definition = definition ?? ImageErrors.Uf2FileInvalidId;
        }

        /// <summary>The catalog entry of the rule that failed (a Uf2 field of <see cref="ImageErrors"/>).</summary>
        public ErrorDefinition Definition { get; }

        public override string ErrorId => Definition.Id;

        public override FirmwareErrorKind Kind => Definition.Kind;

        public string Path { get; }

        /// <summary>Byte offset in the file where the problem was found; null when it concerns the file as a whole.</summary>
        public long? Offset { get; }

        /// <summary>The problem alone, without the file name and offset.</summary>
        public string Problem { get; }

        private static string BuildMessage(string path, long? offset, string problem)
        {
            string at = offset is long o
                ? string.Format(CultureInfo.InvariantCulture, " at byte offset {0} (0x{0:X}, block {1})", o, o / Uf2Block.Size)
                : string.Empty;
            return $"UF2 file '{path}'{at}: {problem}.";
        }
    }
}
