using System.Collections.Generic;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// One alternate setting of one interface (USB 2.0 §9.6.5), with the class-specific descriptors that
    /// follow it before its endpoints (<see cref="Extra"/>; the DFU functional descriptor lands here) and its endpoints.
    /// </summary>
    public sealed class UsbInterfaceDescriptor
    {
        internal UsbInterfaceDescriptor(byte interfaceNumber, byte alternateSetting, byte endpointCount, byte interfaceClass, byte interfaceSubClass, byte interfaceProtocol, byte interfaceStringIndex, byte[] extra, IReadOnlyList<UsbEndpointDescriptor> endpoints)
        {
            InterfaceNumber = interfaceNumber;
            AlternateSetting = alternateSetting;
            EndpointCount = endpointCount;
            InterfaceClass = interfaceClass;
            InterfaceSubClass = interfaceSubClass;
            InterfaceProtocol = interfaceProtocol;
            InterfaceStringIndex = interfaceStringIndex;
            Extra = extra;
            Endpoints = endpoints;
        }

        public byte InterfaceNumber { get; }

        public byte AlternateSetting { get; }

        /// <summary>bNumEndpoints as declared.</summary>
        public byte EndpointCount { get; }

        public byte InterfaceClass { get; }

        public byte InterfaceSubClass { get; }

        public byte InterfaceProtocol { get; }

        /// <summary>iInterface: the string index of the alternate setting's name (a DfuSe memory layout on ST ROMs).</summary>
        public byte InterfaceStringIndex { get; }

        /// <summary>Raw bytes of the descriptors between this interface descriptor and its first endpoint (or the next interface).</summary>
        public IReadOnlyList<byte> Extra { get; }

        public IReadOnlyList<UsbEndpointDescriptor> Endpoints { get; }

        public override string ToString() =>
            $"interface {InterfaceNumber} alt {AlternateSetting} class {InterfaceClass:X2}/{InterfaceSubClass:X2}/{InterfaceProtocol:X2}";
    }
}
