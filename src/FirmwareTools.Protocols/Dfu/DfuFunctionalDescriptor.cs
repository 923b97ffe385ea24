using System.Collections.Generic;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>The DFU functional descriptor (type 0x21; DFU 1.1 §4.1.3, docs/protocols/dfu-dfuse.md §1.2).</summary>
    public sealed class DfuFunctionalDescriptor
    {
        /// <summary>bLength of a DFU 1.1 / DfuSe descriptor.</summary>
        public const int Dfu11Length = 9;

        /// <summary>bLength of a DFU 1.0 descriptor, which has no bcdDFUVersion.</summary>
        public const int Dfu10Length = 7;

        public const ushort DFU_VERSION_1_0 = 0x0100;
        public const ushort DFU_VERSION_1_1 = 0x0110;

        /// <summary>bcdDFUVersion 0x011A ("1.1a"): ST's DfuSe extensions.</summary>
        public const ushort DFUSE_VERSION = 0x011A;

        public DfuFunctionalDescriptor(DfuAttributes attributes, ushort detachTimeout, ushort transferSize, ushort dfuVersion)
        {
            Attributes = attributes;
            DetachTimeout = detachTimeout;
            TransferSize = transferSize;
            DfuVersion = dfuVersion;
        }

        public DfuAttributes Attributes { get; }

        /// <summary>wDetachTimeOut in milliseconds.</summary>
        public ushort DetachTimeout { get; }

        /// <summary>wTransferSize: the largest DNLOAD/UPLOAD payload per control transfer.</summary>
        public ushort TransferSize { get; }

        /// <summary>bcdDFUVersion (0x0100 for a 7-byte DFU 1.0 descriptor, as dfu-util assumes).</summary>
        public ushort DfuVersion { get; }

        public bool IsDfuSe => DfuVersion == DFUSE_VERSION;

        /// <summary>Decodes one descriptor starting at <paramref name="offset"/> in <paramref name="data"/>.</summary>
        public static DfuFunctionalDescriptor Parse(IReadOnlyList<byte> data, int offset = 0)
        {
            const string What = "DFU functional";
            if (data is null || data.Count - offset < 2)
            {
                throw new UsbDescriptorFormatException(What, "it is empty");
            }

            int length = data[offset];
            if (data[offset + 1] != UsbDescriptorType.DFU_FUNCTIONAL)
            {
                throw new UsbDescriptorFormatException(What, $"bDescriptorType is 0x{data[offset + 1]:X2}, not 0x21");
            }

            if (length < Dfu10Length)
            {
                throw new UsbDescriptorFormatException(What, $"bLength is {length}, shorter than the {Dfu10Length} bytes of DFU 1.0");
            }

            if (data.Count - offset < length)
            {
                throw new UsbDescriptorFormatException(What, $"bLength is {length} but only {data.Count - offset} bytes are there");
            }

            ushort version = length >= Dfu11Length ? (ushort)(data[offset + 7] | (data[offset + 8] << 8)) : DFU_VERSION_1_0;
            return new DfuFunctionalDescriptor(
                (DfuAttributes)(data[offset + 2] & 0x0F),
                (ushort)(data[offset + 3] | (data[offset + 4] << 8)),
                (ushort)(data[offset + 5] | (data[offset + 6] << 8)),
                version);
        }

        /// <summary>
        /// Finds the first descriptor of type 0x21 and length at least 7 in a run of raw descriptors (an
        /// interface's or configuration's extra bytes); null when there is none. Walks by bLength, so a 0x21
        /// byte inside another descriptor is never mistaken for one.
        /// </summary>
        public static DfuFunctionalDescriptor? Find(IReadOnlyList<byte> descriptors)
        {
            if (descriptors is null)
            {
                return null;
            }

            int offset = 0;
            while (descriptors.Count - offset >= 2)
            {
                int length = descriptors[offset];
                if (length < 2 || offset + length > descriptors.Count)
                {
                    return null;
                }

                if (descriptors[offset + 1] == UsbDescriptorType.DFU_FUNCTIONAL && length >= Dfu10Length)
                {
                    return Parse(descriptors, offset);
                }

                offset += length;
            }

            return null;
        }

        public override string ToString() =>
            $"DFU 0x{DfuVersion:X4}, attributes {Attributes}, detach {DetachTimeout} ms, transfer size {TransferSize}";
    }
}
