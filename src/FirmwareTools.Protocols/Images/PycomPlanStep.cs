using System.Globalization;
using System.IO;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// One step of a <see cref="PycomFlashPlan"/>. The installer runs the steps in order: an erase erases
    /// [<see cref="Offset"/>, <see cref="End"/>); a write sends <see cref="OpenData"/> (exactly <see cref="Length"/> bytes)
    /// at <see cref="Offset"/>. After either, SPI_FLASH_MD5 over [Offset, End) must equal <see cref="Md5"/>.
    /// </summary>
    public sealed class PycomPlanStep
    {
        private readonly byte[]? data;

        internal PycomPlanStep(PycomPlanStepKind kind, uint offset, long length, string source, PycomScriptInstruction? instruction, byte[]? data, string md5, string? note)
        {
            Kind = kind;
            Offset = offset;
            Length = length;
            Source = source;
            Instruction = instruction;
            this.data = data;
            Md5 = md5;
            Note = note;
        }

        public PycomPlanStepKind Kind { get; }

        public uint Offset { get; }

        /// <summary>Bytes erased, or bytes written (the member's bytes padded with 0xFF to a multiple of 4, as esptool writes).</summary>
        public long Length { get; }

        public long End => Offset + Length;

        /// <summary>The member written ("wipy.bin"), "otadata record", or for an erase what it erases ("fs", "0x1000").</summary>
        public string Source { get; }

        /// <summary>The script instruction the step comes from; null for the otadata record the updater adds.</summary>
        public PycomScriptInstruction? Instruction { get; }

        /// <summary>MD5 (lower-case hex) the flash range must have after the step: of the written bytes, or of 0xFF × Length after an erase.</summary>
        public string Md5 { get; }

        /// <summary>What was changed against the script (truncated, cut around the config block, flash parameters set); null when nothing.</summary>
        public string? Note { get; }

        /// <summary>The bytes a write step sends (a fresh read-only stream each call); null for an erase.</summary>
        public Stream? OpenData() => data is null ? null : new MemoryStream(data, writable: false);

        public override string ToString() => Kind == PycomPlanStepKind.Erase
            ? string.Format(CultureInfo.InvariantCulture, "erase 0x{0:X}-0x{1:X} ({2})", Offset, End - 1, Source)
            : string.Format(CultureInfo.InvariantCulture, "write 0x{0:X} {1} ({2} bytes)", Offset, Source, Length);
    }
}
