using System.Linq;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Where a device's CDC ACM function is: its communication interface (which takes the class requests), its data
    /// interface and the data interface's two bulk endpoints. Found in the configuration descriptor as the kernel's
    /// cdc_acm driver finds it: the ACM communication interface, the data interface its union functional descriptor names
    /// (CDC 1.2 §5.2.3.2), or failing that the first data-class interface, with one bulk IN and one bulk OUT endpoint.
    /// </summary>
    public sealed class UsbCdcAcmFunction
    {
        private UsbCdcAcmFunction(byte communicationInterface, byte dataInterface, UsbEndpointDescriptor bulkIn, UsbEndpointDescriptor bulkOut)
        {
            CommunicationInterface = communicationInterface;
            DataInterface = dataInterface;
            BulkIn = bulkIn.Address;
            BulkOut = bulkOut.Address;
            InPacketSize = bulkIn.MaxPacketSize;
        }

        public byte CommunicationInterface { get; }

        public byte DataInterface { get; }

        /// <summary>The bulk IN endpoint's address (bit 7 set).</summary>
        public byte BulkIn { get; }

        public byte BulkOut { get; }

        /// <summary>
        /// wMaxPacketSize of the IN endpoint: a read asks for exactly one packet, which a full packet completes, so no
        /// received byte is ever left in a transfer that then times out.
        /// </summary>
        public int InPacketSize { get; }

        /// <summary>The device's ACM function, or null when the configuration has none (a DFU bootloader, BOOTSEL).</summary>
        public static UsbCdcAcmFunction? Find(UsbConfigurationDescriptor configuration)
        {
            if (configuration is null)
            {
                throw new System.ArgumentNullException(nameof(configuration));
            }

            UsbInterfaceDescriptor? communication = configuration.Interfaces.FirstOrDefault(i =>
                i.AlternateSetting == 0 && i.InterfaceClass == UsbCdcAcm.CommunicationInterfaceClass && i.InterfaceSubClass == UsbCdcAcm.AbstractControlModel);
            if (communication is null)
            {
                return null;
            }

            byte? unionData = UnionSubordinate(communication);
            UsbInterfaceDescriptor? data = configuration.Interfaces.FirstOrDefault(i =>
                i.InterfaceClass == UsbCdcAcm.DataInterfaceClass && (unionData is null || i.InterfaceNumber == unionData) && HasBulkPair(i));
            if (data is null)
            {
                return null;
            }

            UsbEndpointDescriptor bulkIn = data.Endpoints.First(e => IsBulk(e) && (e.Address & UsbSetupPacket.DirectionIn) != 0);
            UsbEndpointDescriptor bulkOut = data.Endpoints.First(e => IsBulk(e) && (e.Address & UsbSetupPacket.DirectionIn) == 0);
            return new UsbCdcAcmFunction(communication.InterfaceNumber, data.InterfaceNumber, bulkIn, bulkOut);
        }

        public override string ToString() =>
            $"CDC ACM on interfaces {CommunicationInterface} and {DataInterface}, bulk IN 0x{BulkIn:X2}, OUT 0x{BulkOut:X2}";

        /// <summary>bSubordinateInterface0 of the communication interface's union functional descriptor, if it has one.</summary>
        private static byte? UnionSubordinate(UsbInterfaceDescriptor communication)
        {
            var extra = communication.Extra;
            for (int at = 0; at + 2 < extra.Count && extra[at] >= 3; at += extra[at])
            {
                if (extra[at + 1] == UsbCdcAcm.CS_INTERFACE && extra[at + 2] == UsbCdcAcm.UnionFunctionalDescriptor && extra[at] >= 5 && at + 4 < extra.Count)
                {
                    return extra[at + 4];
                }
            }

            return null;
        }

        private static bool HasBulkPair(UsbInterfaceDescriptor data) =>
            data.Endpoints.Any(e => IsBulk(e) && (e.Address & UsbSetupPacket.DirectionIn) != 0) &&
            data.Endpoints.Any(e => IsBulk(e) && (e.Address & UsbSetupPacket.DirectionIn) == 0);

        /// <summary>bmAttributes bits 1..0 = 2: a bulk endpoint.</summary>
        private static bool IsBulk(UsbEndpointDescriptor endpoint) => (endpoint.Attributes & 0x03) == 0x02;
    }
}
