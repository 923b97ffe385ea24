using System.Collections.Generic;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>An endpoint descriptor (USB 2.0 §9.6.6) and the class-specific descriptors that follow it.</summary>
    public sealed class UsbEndpointDescriptor
    {
        internal UsbEndpointDescriptor(byte length, byte address, byte attributes, ushort maxPacketSize, byte interval, byte refresh, byte synchAddress, byte[] extra)
        {
            Length = length;
            Address = address;
            Attributes = attributes;
            MaxPacketSize = maxPacketSize;
            Interval = interval;
            Refresh = refresh;
            SynchAddress = synchAddress;
            Extra = extra;
        }

        /// <summary>bLength: 7, or 9 for the audio-class form that adds bRefresh and bSynchAddress.</summary>
        public byte Length { get; }

        public byte Address { get; }

        public byte Attributes { get; }

        public ushort MaxPacketSize { get; }

        public byte Interval { get; }

        public byte Refresh { get; }

        public byte SynchAddress { get; }

        public IReadOnlyList<byte> Extra { get; }
    }
}
