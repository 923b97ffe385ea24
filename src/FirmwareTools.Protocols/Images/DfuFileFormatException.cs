using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A firmware file (.dfu, plain DFU or raw image) is damaged, malformed or unusable for what was asked. The message
    /// names the file and, where the problem sits at a place in the file, the byte offset.
    /// </summary>
    public sealed class DfuFileFormatException : FirmwareToolsException
    {

        public DfuFileFormatException(string path, long? offset, string problem, FirmwareImageFormat format = FirmwareImageFormat.Unknown,
                                      string? recommendedAction = null, ErrorDefinition? definition = null, Exception? innerException = null)
            : base(BuildMessage(path, offset, problem), path,
                   recommendedAction ?? "The file is damaged or is not a firmware file; download or build it again.", innerException)
        {
            Path = path;
            Offset = offset;
            Problem = problem;
            Format = format;
            Definition = definition ?? ImageErrors.DfuFileInvalidId;
        }

        /// <summary>The catalog entry: DfuFileInvalid; DfuSeFileNotRawImage for a DfuSe file asked to be a raw image; FirmwareFileUnreadable when the OS refused the read.</summary>
        public ErrorDefinition Definition { get; }

        public override string ErrorId => Definition.Id;

        public override FirmwareErrorKind Kind => Definition.Kind;

        public string Path { get; }

        /// <summary>Byte offset in the file where the problem was found; null when it concerns the file as a whole.</summary>
        public long? Offset { get; }

        /// <summary>The problem alone, without the file name and offset.</summary>
        public string Problem { get; }

        /// <summary>What the file looked like before the problem was found.</summary>
        public FirmwareImageFormat Format { get; }

        private static string BuildMessage(string path, long? offset, string problem)
        {
            string at = offset is long o
                ? string.Format(CultureInfo.InvariantCulture, " at byte offset {0} (0x{0:X})", o)
                : string.Empty;
            return $"Firmware file '{path}'{at}: {problem}.";
        }
    }
}
