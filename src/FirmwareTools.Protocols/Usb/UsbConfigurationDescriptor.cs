using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// A whole configuration descriptor (USB 2.0 §9.6.3, wTotalLength bytes) walked into its alternate
    /// settings. Class-specific descriptors are kept where libusb keeps them: before the first interface
    /// in <see cref="Extra"/>, after an interface descriptor in that interface's Extra, after an endpoint
    /// in that endpoint's Extra. That makes the raw bytes from a simulator and the bytes re-serialised
    /// from libusb's parsed tree walk to the same result.
    /// </summary>
    public sealed class UsbConfigurationDescriptor
    {
        public const int HeaderSize = 9;
        public const int InterfaceDescriptorSize = 9;
        public const int EndpointDescriptorSize = 7;

        private UsbConfigurationDescriptor(byte[] header, byte[] extra, IList<UsbInterfaceDescriptor> interfaces)
        {
            TotalLength = LittleEndian.ReadUInt16(header, 2);
            InterfaceCount = header[4];
            ConfigurationValue = header[5];
            ConfigurationStringIndex = header[6];
            Attributes = header[7];
            MaxPower = header[8];
            Extra = extra;
            Interfaces = new ReadOnlyCollection<UsbInterfaceDescriptor>(interfaces);
        }

        /// <summary>wTotalLength as declared.</summary>
        public ushort TotalLength { get; }

        /// <summary>bNumInterfaces (interfaces, not alternate settings).</summary>
        public byte InterfaceCount { get; }

        public byte ConfigurationValue { get; }

        public byte ConfigurationStringIndex { get; }

        public byte Attributes { get; }

        /// <summary>bMaxPower in units of 2 mA.</summary>
        public byte MaxPower { get; }

        public IReadOnlyList<byte> Extra { get; }

        /// <summary>Every alternate setting of every interface, in the order the device listed them.</summary>
        public IReadOnlyList<UsbInterfaceDescriptor> Interfaces { get; }

        public static UsbConfigurationDescriptor Parse(byte[] data, string? device = null)
        {
            const string What = "configuration";
            if (data is null || data.Length < HeaderSize)
            {
                throw new UsbDescriptorFormatException(What, $"it has {data?.Length ?? 0} bytes, fewer than the {HeaderSize}-byte header", device);
            }

            if (data[0] < HeaderSize || data[1] != UsbDescriptorType.CONFIGURATION)
            {
                throw new UsbDescriptorFormatException(What, $"the header has bLength {data[0]} and bDescriptorType 0x{data[1]:X2}, not at least {HeaderSize} and 0x02", device);
            }

            int total = LittleEndian.ReadUInt16(data, 2);
            if (total < data[0])
            {
                throw new UsbDescriptorFormatException(What, $"wTotalLength {total} is shorter than its own header", device);
            }

            if (total > data.Length)
            {
                throw new UsbDescriptorFormatException(What, $"wTotalLength is {total} but only {data.Length} bytes were read", device);
            }

            var configExtra = new List<byte>();
            var interfaces = new List<UsbInterfaceDescriptor>();
            PendingInterface? current = null;
            int offset = data[0];
            while (offset < total)
            {
                if (total - offset < 2)
                {
                    throw new UsbDescriptorFormatException(What, $"a descriptor at offset {offset} is cut off after 1 byte", device);
                }

                int length = data[offset];
                byte type = data[offset + 1];
                if (length < 2)
                {
                    throw new UsbDescriptorFormatException(What, $"the descriptor at offset {offset} has bLength {length}", device);
                }

                if (offset + length > total)
                {
                    throw new UsbDescriptorFormatException(What, $"the descriptor at offset {offset} (type 0x{type:X2}, bLength {length}) runs past wTotalLength {total}", device);
                }

                switch (type)
                {
                    case UsbDescriptorType.INTERFACE:
                        if (length < InterfaceDescriptorSize)
                        {
                            throw new UsbDescriptorFormatException(What, $"the interface descriptor at offset {offset} has bLength {length}, not {InterfaceDescriptorSize}", device);
                        }

                        if (current is not null)
                        {
                            interfaces.Add(current.Build());
                        }

                        current = new PendingInterface(data, offset);
                        break;

                    case UsbDescriptorType.ENDPOINT:
                        if (length < EndpointDescriptorSize)
                        {
                            throw new UsbDescriptorFormatException(What, $"the endpoint descriptor at offset {offset} has bLength {length}, not {EndpointDescriptorSize}", device);
                        }

                        if (current is null)
                        {
                            throw new UsbDescriptorFormatException(What, $"the endpoint descriptor at offset {offset} comes before any interface", device);
                        }

                        current.AddEndpoint(data, offset, length);
                        break;

                    default:
                        if (current is null)
                        {
                            configExtra.AddRange(Slice(data, offset, length));
                        }
                        else
                        {
                            current.AddExtra(Slice(data, offset, length));
                        }

                        break;
                }

                offset += length;
            }

            if (current is not null)
            {
                interfaces.Add(current.Build());
            }

            return new UsbConfigurationDescriptor(data, configExtra.ToArray(), interfaces);
        }

        private static byte[] Slice(byte[] data, int offset, int length)
        {
            var slice = new byte[length];
            System.Array.Copy(data, offset, slice, 0, length);
            return slice;
        }

        /// <summary>An interface descriptor whose trailing descriptors are still being collected.</summary>
        private sealed class PendingInterface
        {
            private readonly byte[] header;
            private readonly List<byte> extra = new List<byte>();
            private readonly List<PendingEndpoint> endpoints = new List<PendingEndpoint>();

            public PendingInterface(byte[] data, int offset)
            {
                header = Slice(data, offset, InterfaceDescriptorSize);
            }

            public void AddEndpoint(byte[] data, int offset, int length) => endpoints.Add(new PendingEndpoint(Slice(data, offset, length)));

            public void AddExtra(byte[] descriptor)
            {
                if (endpoints.Count == 0)
                {
                    extra.AddRange(descriptor);
                }
                else
                {
                    endpoints[endpoints.Count - 1].Extra.AddRange(descriptor);
                }
            }

            public UsbInterfaceDescriptor Build() => new UsbInterfaceDescriptor(
                header[2], header[3], header[4], header[5], header[6], header[7], header[8], extra.ToArray(), endpoints.Select(e => e.Build()).ToList().AsReadOnly());
        }

        private sealed class PendingEndpoint
        {
            private readonly byte[] raw;

            public PendingEndpoint(byte[] raw) => this.raw = raw;

            public List<byte> Extra { get; } = new List<byte>();

            public UsbEndpointDescriptor Build() => new UsbEndpointDescriptor(
                raw[0],
                raw[2],
                raw[3],
                LittleEndian.ReadUInt16(raw, 4),
                raw[6],
                raw.Length > 7 ? raw[7] : (byte)0,
                raw.Length > 8 ? raw[8] : (byte)0,
                Extra.ToArray());
        }
    }
}
