using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A firmware file for an STM32 DFU bootloader, read and validated: a DfuSe file (addressed targets), a plain DFU
    /// file (bytes + suffix) or a raw image (bytes). <see cref="Read(string, bool)"/> tells them apart by content.
    /// </summary>
    public sealed class FirmwareImageFile
    {
        /// <summary>
        /// The largest file accepted: 16 MiB. The biggest STM32 internal flash is 4 MiB (STM32U5), so anything past this
        /// is not firmware for these bootloaders (a disk image, a wrong download) and is refused before it is read.
        /// </summary>
        public const long MaximumFileLength = 16L * 1024 * 1024;

        private readonly byte[] _content;
        private readonly byte[]? _payload;

        internal FirmwareImageFile(string path, FirmwareImageFormat format, byte[] content, IList<DfuSeTarget> targets, byte[]? payload,
                                   DfuSuffix? suffix, uint? computedCrc, uint? imageSize, DfuImageSizeConvention? imageSizeConvention,
                                   IList<string> warnings)
        {
            Path = path;
            Format = format;
            _content = content;
            _payload = payload;
            Targets = new ReadOnlyCollection<DfuSeTarget>(targets);
            Suffix = suffix;
            ComputedCrc = computedCrc;
            ImageSize = imageSize;
            ImageSizeConvention = imageSizeConvention;
            Warnings = new ReadOnlyCollection<string>(warnings);
        }

        public string Path { get; }

        public FirmwareImageFormat Format { get; }

        /// <summary>Length of the whole file in bytes.</summary>
        public long Length => _content.LongLength;

        /// <summary>The DfuSe targets; empty for raw and plain DFU files, which have no address (see <see cref="AsTargetsAt"/>).</summary>
        public IReadOnlyList<DfuSeTarget> Targets { get; }

        /// <summary>The firmware bytes of a raw or plain DFU file (suffix removed); null for a DfuSe file.</summary>
        public byte[]? Payload => _payload;

        /// <summary>The DFU suffix, or null when the file has none (raw image).</summary>
        public DfuSuffix? Suffix { get; }

        /// <summary>The CRC computed over the file (all but the last 4 bytes); null without a suffix.</summary>
        public uint? ComputedCrc { get; }

        /// <summary>True when the stored suffix CRC matches; false only when a bad CRC was accepted on request; null without a suffix.</summary>
        public bool? CrcValid => Suffix is null ? null : Suffix.Crc == ComputedCrc;

        /// <summary>The DfuSe prefix's DFUImageSize; null for other formats.</summary>
        public uint? ImageSize { get; }

        /// <summary>Which writer convention <see cref="ImageSize"/> follows; null for other formats.</summary>
        public DfuImageSizeConvention? ImageSizeConvention { get; }

        /// <summary>Things worth telling the user that do not stop the file from being used.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Total firmware bytes: element data of a DfuSe file, or the payload.</summary>
        public long FirmwareLength
        {
            get
            {
                if (_payload is not null)
                {
                    return _payload.LongLength;
                }

                long total = 0;
                foreach (DfuSeTarget target in Targets)
                {
                    total += target.TotalLength;
                }

                return total;
            }
        }

        /// <summary>The file's bytes exactly as read (for hashing).</summary>
        internal byte[] Content => _content;

        /// <summary>
        /// A raw or plain DFU file as one element at <paramref name="address"/> (a restore). A DfuSe file carries its
        /// own addresses and is refused, as dfu-util refuses it: flash its <see cref="Targets"/> instead.
        /// </summary>
        public IReadOnlyList<DfuSeTarget> AsTargetsAt(uint address, byte alternateSetting = 0)
        {
            if (_payload is null)
            {
                throw new DfuFileFormatException(
                    Path, null, "This is a DfuSe file, not a raw image: it carries its own addresses, so it cannot be placed at an address",
                    Format, "Flash the file without an address (its targets say where it goes).",
                    ImageErrors.DfuSeFileNotRawImageId);
            }

            return new[] { new DfuSeTarget(alternateSetting, string.Empty, new[] { new DfuSeElement(address, _payload) }) };
        }

        /// <summary>
        /// Reads and validates a firmware file. Throws <c>FirmwareFileNotFound</c> when it does not exist
        /// and <see cref="DfuFileFormatException"/> (ErrorId DfuFileInvalid) naming the first problem and its offset.
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="acceptBadCrc">Accept a DFU suffix whose CRC does not match (the cmdlets' -Force); the mismatch is then a warning.</param>
        public static FirmwareImageFile Read(string path, bool acceptBadCrc = false)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A file path is required.", nameof(path));
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw ImageErrors.FileNotFound(path);
            }

            if (info.Length > MaximumFileLength)
            {
                throw TooLarge(path, info.Length);
            }

            return Parse(ReadBytes(path, path), path, acceptBadCrc);
        }

        /// <summary>
        /// The bytes of the firmware file at <paramref name="fullPath"/>. A file that is gone is a
        /// <c>FirmwareFileNotFound</c> naming <paramref name="givenPath"/> (as the user typed it); one that
        /// cannot be read is a DfuFileFormatException "FirmwareFileUnreadable" naming the full path.
        /// </summary>
        internal static byte[] ReadBytes(string fullPath, string givenPath)
        {
            try
            {
                return File.ReadAllBytes(fullPath);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw ImageErrors.FileNotFound(givenPath, ex);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw new DfuFileFormatException(fullPath, null, "the file cannot be read: " + ex.Message, FirmwareImageFormat.Unknown,
                    "Check the file's permissions and that no other program holds it.", ImageErrors.FileUnreadableId, ex);
            }
        }

        /// <summary>Like <see cref="Read(string, bool)"/> for bytes already in memory; <paramref name="path"/> names them in messages.</summary>
        public static FirmwareImageFile Parse(byte[] content, string path, bool acceptBadCrc = false)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (content.Length == 0)
            {
                throw new DfuFileFormatException(path, 0, "the file is empty");
            }

            if (content.LongLength > MaximumFileLength)
            {
                throw TooLarge(path, content.LongLength);
            }

            bool dfuSePrefix = content.Length >= 5 && content[0] == (byte)'D' && content[1] == (byte)'f' && content[2] == (byte)'u' &&
                               content[3] == (byte)'S' && content[4] == (byte)'e';
            bool hasSuffix = DfuSuffix.TryParse(content, out DfuSuffix? suffix);
            if (dfuSePrefix || (hasSuffix && suffix!.IsDfuSe))
            {
                return DfuSeFile.Parse(content, path, acceptBadCrc);
            }

            var warnings = new List<string>();
            if (!hasSuffix)
            {
                return new FirmwareImageFile(path, FirmwareImageFormat.Raw, content, Array.Empty<DfuSeTarget>(), content, null, null, null, null, warnings);
            }

            int length = content.Length;
            if (suffix!.Length < DfuSuffix.SuffixLength)
            {
                throw new DfuFileFormatException(path, length - 5, $"the DFU suffix length bLength is {suffix.Length}; it must be at least {DfuSuffix.SuffixLength}", FirmwareImageFormat.Dfu);
            }

            if (suffix.Length > length)
            {
                throw new DfuFileFormatException(path, length - 5, $"the DFU suffix length bLength is {suffix.Length}, more than the whole file ({length} bytes)", FirmwareImageFormat.Dfu);
            }

            uint computed = DfuSuffix.ComputeCrc(content, 0, length - 4);
            if (computed != suffix.Crc)
            {
                string problem = $"the DFU suffix CRC does not match the file: stored 0x{suffix.Crc:X8}, computed 0x{computed:X8}";
                if (!acceptBadCrc)
                {
                    throw new DfuFileFormatException(path, length - 4, problem, FirmwareImageFormat.Dfu,
                        "The file is damaged or was changed after it was built; download or build it again (-Force flashes it anyway).");
                }

                warnings.Add(problem + "; accepted because it was forced, and the suffix removed");
            }

            if (suffix.BcdDfu != DfuSuffix.BcdDfuPlain)
            {
                warnings.Add($"the DFU suffix says bcdDFU 0x{suffix.BcdDfu:X4}; plain DFU files normally say 0x0100");
            }

            int payloadLength = length - suffix.Length;
            if (payloadLength == 0)
            {
                throw new DfuFileFormatException(path, 0, "the file is only a DFU suffix: it holds no firmware bytes", FirmwareImageFormat.Dfu);
            }

            var payload = new byte[payloadLength];
            Buffer.BlockCopy(content, 0, payload, 0, payloadLength);
            return new FirmwareImageFile(path, FirmwareImageFormat.Dfu, content, Array.Empty<DfuSeTarget>(), payload, suffix, computed, null, null, warnings);
        }

        private static DfuFileFormatException TooLarge(string path, long length) =>
            new DfuFileFormatException(path, MaximumFileLength,
                $"the file is {ByteSize.Format(length)} ({length} bytes), larger than any STM32 flash could hold (limit {ByteSize.Format(MaximumFileLength)})",
                FirmwareImageFormat.Unknown, "Check that this is the firmware file you meant.");
    }
}
