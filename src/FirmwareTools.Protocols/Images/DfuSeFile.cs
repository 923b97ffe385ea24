using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// ST DfuSe files (UM0391; docs/protocols/dfu-dfuse.md §5): an 11-byte prefix, per target a 274-byte target prefix and its elements
    /// (8-byte header + data), then the 16-byte DFU suffix with bcdDFU 0x011A. The writer follows MicroPython's
    /// tools/dfu.py; the reader (reached through <see cref="FirmwareImageFile.Read(string, bool)"/>) checks every field
    /// that some peer trusts, so a file we accept is read the same way by dfu-util, pydfu and dfu.py.
    /// </summary>
    public static class DfuSeFile
    {
        public const int PrefixLength = 11;
        public const int TargetPrefixLength = 274;
        public const int ElementHeaderLength = 8;
        public const int TargetNameLength = 255;
        public const byte PrefixVersion = 0x01;

        /// <summary>The target name MicroPython's dfu.py and dfuse-pack write.</summary>
        public const string DefaultTargetName = "ST...";

        private const string szSignature = "DfuSe";
        private const string szTargetSignature = "Target";

        // Target prefix field offsets.
        private const int bAlternateSettingOffset = 6;
        private const int bTargetNamedOffset = 7;
        private const int szTargetNameOffset = 11;
        private const int dwTargetSizeOffset = 266;
        private const int dwNbElementsOffset = 270;

        /// <summary>
        /// The bytes of a DfuSe file holding <paramref name="targets"/>, with MicroPython's conventions: every target
        /// named (an empty name is written as "ST..."), bcdDevice 0 unless given, DFUImageSize without the suffix unless
        /// <paramref name="imageSizeConvention"/> says otherwise.
        /// </summary>
        public static byte[] Write(IReadOnlyList<DfuSeTarget> targets, ushort vendorId = 0x0483, ushort productId = 0xDF11, ushort bcdDevice = 0,
                                   DfuImageSizeConvention imageSizeConvention = DfuImageSizeConvention.ExcludesSuffix)
        {
            if (targets is null)
            {
                throw new ArgumentNullException(nameof(targets));
            }

            if (targets.Count == 0 || targets.Count > byte.MaxValue)
            {
                throw new ArgumentException($"A DfuSe file holds 1 to 255 targets, not {targets.Count}.", nameof(targets));
            }

            if (imageSizeConvention == DfuImageSizeConvention.Unrecognized)
            {
                throw new ArgumentException("Choose ExcludesSuffix or IncludesSuffix.", nameof(imageSizeConvention));
            }

            CheckNoOverlap(targets);
            using var body = new MemoryStream();
            body.Write(Encoding.ASCII.GetBytes(szSignature), 0, szSignature.Length);
            body.WriteByte(PrefixVersion);
            body.Write(new byte[4], 0, 4); // DFUImageSize, filled in below
            body.WriteByte((byte)targets.Count);
            foreach (DfuSeTarget target in targets)
            {
                string name = target.Name.Length == 0 ? DefaultTargetName : target.Name;
                if (name.Length >= TargetNameLength || name.Any(c => c == '\0' || c > 0x7E || c < 0x20))
                {
                    throw new ArgumentException($"The target name \"{name}\" must be printable ASCII, at most {TargetNameLength - 1} characters.", nameof(targets));
                }

                long targetSize = target.Elements.Sum(e => ElementHeaderLength + e.Length);
                var prefix = new byte[TargetPrefixLength];
                Encoding.ASCII.GetBytes(szTargetSignature, 0, szTargetSignature.Length, prefix, 0);
                prefix[bAlternateSettingOffset] = target.AlternateSetting;
                LittleEndian.WriteUInt32(prefix, bTargetNamedOffset, 1);
                Encoding.ASCII.GetBytes(name, 0, name.Length, prefix, szTargetNameOffset);
                LittleEndian.WriteUInt32(prefix, dwTargetSizeOffset, checked((uint)targetSize));
                LittleEndian.WriteUInt32(prefix, dwNbElementsOffset, (uint)target.Elements.Count);
                body.Write(prefix, 0, prefix.Length);
                var header = new byte[ElementHeaderLength];
                foreach (DfuSeElement element in target.Elements)
                {
                    LittleEndian.WriteUInt32(header, 0, element.Address);
                    LittleEndian.WriteUInt32(header, 4, (uint)element.Length);
                    body.Write(header, 0, header.Length);
                    body.Write(element.Data, 0, element.Data.Length);
                }
            }

            byte[] bytes = body.ToArray();
            long imageSize = bytes.Length + (imageSizeConvention == DfuImageSizeConvention.IncludesSuffix ? DfuSuffix.SuffixLength : 0);
            LittleEndian.WriteUInt32(bytes, 6, checked((uint)imageSize));
            return new DfuSuffix(bcdDevice, productId, vendorId, DfuSuffix.BcdDfuDfuSe).AppendTo(bytes);
        }

        /// <summary>Writes <see cref="Write"/>'s bytes to <paramref name="path"/>, replacing the file.</summary>
        public static void WriteFile(string path, IReadOnlyList<DfuSeTarget> targets, ushort vendorId = 0x0483, ushort productId = 0xDF11, ushort bcdDevice = 0,
                                     DfuImageSizeConvention imageSizeConvention = DfuImageSizeConvention.ExcludesSuffix) =>
            File.WriteAllBytes(path, Write(targets, vendorId, productId, bcdDevice, imageSizeConvention));

        private static void CheckNoOverlap(IReadOnlyList<DfuSeTarget> targets)
        {
            var elements = targets
                .SelectMany(t => t.Elements.Where(e => e.Length > 0).Select(e => (Alt: t.AlternateSetting, Element: e)))
                .OrderBy(x => x.Alt).ThenBy(x => x.Element.Address).ToList();
            for (int i = 0; i < elements.Count; i++)
            {
                if (elements[i].Element.EndAddress > 0x1_0000_0000L)
                {
                    throw new ArgumentException($"The element {elements[i].Element} runs past the 4 GiB address space.", nameof(targets));
                }

                if (i > 0 && elements[i - 1].Alt == elements[i].Alt && elements[i - 1].Element.EndAddress > elements[i].Element.Address)
                {
                    throw new ArgumentException($"The elements {elements[i - 1].Element} and {elements[i].Element} overlap on alternate setting {elements[i].Alt}.", nameof(targets));
                }
            }
        }

        /// <summary>Reads a file already known to start with "DfuSe" or to end in a suffix with bcdDFU 0x011A.</summary>
        internal static FirmwareImageFile Parse(byte[] file, string path, bool acceptBadCrc)
        {
            var reader = new Reader(file, path);
            return reader.Parse(acceptBadCrc);
        }

        private static bool Matches(byte[] file, int offset, string signature)
        {
            if (offset + signature.Length > file.Length)
            {
                return false;
            }

            for (int i = 0; i < signature.Length; i++)
            {
                if (file[offset + i] != (byte)signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Hex(byte[] file, int offset, int count) => Protocols.Hex.Spaced(file, offset, count);

        private sealed class Reader
        {
            private readonly byte[] _file;
            private readonly string _path;
            private bool _hasSuffix;
            private uint _storedCrc;
            private uint _computedCrc;

            public Reader(byte[] file, string path)
            {
                _file = file;
                _path = path;
            }

            public FirmwareImageFile Parse(bool acceptBadCrc)
            {
                int length = _file.Length;
                if (length < PrefixLength)
                {
                    throw Fail(length, $"the file is only {length} bytes long, too short for the {PrefixLength}-byte DfuSe prefix (truncated)");
                }

                if (!Matches(_file, 0, szSignature))
                {
                    throw Fail(0, $"the DfuSe prefix signature is not \"DfuSe\" (found {Hex(_file, 0, 5)}), though the DFU suffix says this is a DfuSe file (bcdDFU 0x011A)");
                }

                if (_file[5] != PrefixVersion)
                {
                    throw Fail(5, $"the DfuSe prefix version is 0x{_file[5]:X2}; only version 0x01 is supported");
                }

                uint imageSize = LittleEndian.ReadUInt32(_file, 6);
                int targetCount = _file[10];
                if (targetCount == 0)
                {
                    throw Fail(10, "the DfuSe prefix declares zero targets, so the file holds no firmware");
                }

                int suffixLength = DfuSuffix.SuffixLength;
                _hasSuffix = length >= PrefixLength + DfuSuffix.SuffixLength && DfuSuffix.HasSignatureAt(_file, length - DfuSuffix.SuffixLength);
                if (_hasSuffix)
                {
                    _storedCrc = LittleEndian.ReadUInt32(_file, length - 4);
                    _computedCrc = DfuSuffix.ComputeCrc(_file, 0, length - 4);
                    suffixLength = _file[length - 5];
                    if (suffixLength < DfuSuffix.SuffixLength)
                    {
                        throw Fail(length - 5, $"the DFU suffix length bLength is {suffixLength}; it must be at least {DfuSuffix.SuffixLength}");
                    }

                    if (suffixLength > length - PrefixLength)
                    {
                        throw Fail(length - 5, $"the DFU suffix length bLength is {suffixLength}, which overlaps the DfuSe prefix");
                    }
                }

                int bodyEnd = _hasSuffix ? length - suffixLength : length;
                string boundary = _hasSuffix ? "before the DFU suffix" : "before the end of the file";
                var targets = new List<DfuSeTarget>(targetCount);
                var placed = new List<(byte Alt, DfuSeElement Element, int HeaderOffset, int Target, int Index)>();
                int offset = PrefixLength;
                for (int t = 0; t < targetCount; t++)
                {
                    if (bodyEnd - offset < TargetPrefixLength)
                    {
                        throw Fail(offset, $"target {t} (of {targetCount}) is truncated: its {TargetPrefixLength}-byte target prefix has only {bodyEnd - offset} bytes {boundary}");
                    }

                    if (!Matches(_file, offset, szTargetSignature))
                    {
                        throw Fail(offset, $"target {t} (of {targetCount}) does not start with the signature \"Target\" (found {Hex(_file, offset, 6)})");
                    }

                    byte alt = _file[offset + bAlternateSettingOffset];

                    // dfu-util looks at the first byte of the 32-bit bTargetNamed only; so do we.
                    bool named = _file[offset + bTargetNamedOffset] != 0;
                    string name = named ? ReadName(offset + szTargetNameOffset) : string.Empty;
                    uint declaredSize = LittleEndian.ReadUInt32(_file, offset + dwTargetSizeOffset);
                    uint elementCount = LittleEndian.ReadUInt32(_file, offset + dwNbElementsOffset);
                    int elementsStart = offset + TargetPrefixLength;
                    int position = elementsStart;
                    var elements = new List<DfuSeElement>();
                    for (uint e = 0; e < elementCount; e++)
                    {
                        int remaining = bodyEnd - position;
                        if (remaining < ElementHeaderLength)
                        {
                            throw Fail(position, $"element {e} (of {elementCount}) of target {t} is truncated: its {ElementHeaderLength}-byte header has only {remaining} bytes {boundary}");
                        }

                        uint address = LittleEndian.ReadUInt32(_file, position);
                        uint size = LittleEndian.ReadUInt32(_file, position + 4);
                        if (size > remaining - ElementHeaderLength)
                        {
                            throw Fail(position, $"element {e} (of {elementCount}) of target {t} at 0x{address:X8} declares {size} bytes of data, but only {remaining - ElementHeaderLength} remain {boundary} (truncated)");
                        }

                        if ((long)address + size > 0x1_0000_0000L)
                        {
                            throw Fail(position, $"element {e} of target {t} at 0x{address:X8} with {size} bytes runs past the 4 GiB address space");
                        }

                        var data = new byte[size];
                        Buffer.BlockCopy(_file, position + ElementHeaderLength, data, 0, (int)size);
                        var element = new DfuSeElement(address, data);
                        elements.Add(element);
                        placed.Add((alt, element, position, t, (int)e));
                        position += ElementHeaderLength + (int)size;
                    }

                    long actualSize = position - elementsStart;
                    if (actualSize != declaredSize)
                    {
                        throw Fail(offset + dwTargetSizeOffset, $"target {t} declares dwTargetSize {declaredSize} bytes, but its {elementCount} element(s) take {actualSize} bytes (headers included)");
                    }

                    targets.Add(new DfuSeTarget(alt, name, elements));
                    offset = position;
                }

                if (offset < bodyEnd)
                {
                    throw Fail(offset, $"{bodyEnd - offset} unexpected byte(s) follow the last target {boundary}");
                }

                if (!_hasSuffix)
                {
                    throw Fail(Math.Max(0, length - 8), "the file has no DFU suffix: its last 16 bytes do not carry the \"UFD\" signature (truncated, or not a finished .dfu file)");
                }

                if (!DfuSuffix.TryParse(_file, out DfuSuffix? suffix) || suffix is null)
                {
                    throw new InvalidOperationException("The suffix signature was seen but could not be read.");
                }

                if (!suffix.IsDfuSe)
                {
                    throw Fail(length - 10, $"the DFU suffix says bcdDFU 0x{suffix.BcdDfu:X4}, but a file with a DfuSe prefix must say 0x011A");
                }

                var warnings = new List<string>();
                bool crcValid = _storedCrc == _computedCrc;
                if (!crcValid)
                {
                    if (!acceptBadCrc)
                    {
                        throw new DfuFileFormatException(_path, length - 4, CrcProblem(), FirmwareImageFormat.DfuSe,
                            "The file is damaged or was changed after it was built; download or build it again (-Force flashes it anyway).");
                    }

                    warnings.Add(CrcProblem() + "; accepted because it was forced");
                }

                CheckOverlaps(placed);

                DfuImageSizeConvention convention =
                    imageSize == length - suffixLength ? DfuImageSizeConvention.ExcludesSuffix :
                    imageSize == length ? DfuImageSizeConvention.IncludesSuffix :
                    DfuImageSizeConvention.Unrecognized;
                if (convention == DfuImageSizeConvention.Unrecognized)
                {
                    warnings.Add($"DFUImageSize is {imageSize}, neither the file length without the suffix ({length - suffixLength}) nor with it ({length}); dfu-util and pydfu ignore this field, and so does FirmwareTools");
                }

                return new FirmwareImageFile(_path, FirmwareImageFormat.DfuSe, _file, targets, null, suffix, _computedCrc, imageSize, convention, warnings);
            }

            private void CheckOverlaps(List<(byte Alt, DfuSeElement Element, int HeaderOffset, int Target, int Index)> placed)
            {
                var sorted = placed.Where(p => p.Element.Length > 0).OrderBy(p => p.Alt).ThenBy(p => p.Element.Address).ToList();
                (int Offset, string Problem)? first = null;
                for (int i = 1, widest = 0; i < sorted.Count; i++)
                {
                    var previous = sorted[widest];
                    var current = sorted[i];
                    if (previous.Alt == current.Alt && previous.Element.EndAddress > current.Element.Address)
                    {
                        var later = previous.HeaderOffset > current.HeaderOffset ? previous : current;
                        var earlier = ReferenceEquals(later.Element, previous.Element) ? current : previous;
                        if (first is null || later.HeaderOffset < first.Value.Offset)
                        {
                            first = (later.HeaderOffset,
                                $"element {later.Index} of target {later.Target} at {later.Element} overlaps element {earlier.Index} of target {earlier.Target} at {earlier.Element} on alternate setting {later.Alt}");
                        }
                    }

                    if (previous.Alt != current.Alt || current.Element.EndAddress > previous.Element.EndAddress)
                    {
                        widest = i;
                    }
                }

                if (first is not null)
                {
                    throw Fail(first.Value.Offset, first.Value.Problem);
                }
            }

            private string ReadName(int start)
            {
                int end = start;
                while (end < start + TargetNameLength && _file[end] != 0)
                {
                    end++;
                }

                // Latin-1 keeps every byte as one character, so an odd name still shows what is in the file.
                var chars = new char[end - start];
                for (int i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)_file[start + i];
                }

                return new string(chars);
            }

            private string CrcProblem() => string.Format(
                CultureInfo.InvariantCulture,
                "the DFU suffix CRC does not match the file: stored 0x{0:X8}, computed 0x{1:X8}", _storedCrc, _computedCrc);

            private DfuFileFormatException Fail(long offset, string problem)
            {
                // A structural problem in a file whose CRC is also wrong is most likely damage, not a bad writer: say so.
                if (_hasSuffix && _storedCrc != _computedCrc)
                {
                    problem += "; " + CrcProblem() + ", so the file is damaged";
                }

                return new DfuFileFormatException(_path, offset, problem, FirmwareImageFormat.DfuSe);
            }
        }
    }
}
