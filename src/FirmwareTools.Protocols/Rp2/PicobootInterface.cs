using System.Linq;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>
    /// Where PICOBOOT lives on a BOOTSEL device: the class-0xFF interface with two bulk endpoints, OUT first (interface 1,
    /// EP 0x03 OUT and 0x84 IN on both ROMs; interface 0 when the mass-storage interface is disabled).
    /// </summary>
    public sealed class PicobootInterface
    {
        public PicobootInterface(byte interfaceNumber, byte outEndpoint, byte inEndpoint)
        {
            InterfaceNumber = interfaceNumber;
            OutEndpoint = outEndpoint;
            InEndpoint = inEndpoint;
        }

        public byte InterfaceNumber { get; }

        public byte OutEndpoint { get; }

        public byte InEndpoint { get; }

        /// <summary>Finds the PICOBOOT interface in a configuration descriptor; null when there is none (PICOBOOT disabled by OTP).</summary>
        public static PicobootInterface? Find(UsbConfigurationDescriptor configuration)
        {
            foreach (UsbInterfaceDescriptor candidate in configuration.Interfaces)
            {
                if (candidate.InterfaceClass != Rp2UsbIds.PicobootInterfaceClass || candidate.InterfaceSubClass != 0 || candidate.InterfaceProtocol != 0)
                {
                    continue;
                }

                var bulk = candidate.Endpoints.Where(e => (e.Attributes & 0x03) == 0x02).ToList();
                var outEndpoint = bulk.FirstOrDefault(e => (e.Address & 0x80) == 0);
                var inEndpoint = bulk.FirstOrDefault(e => (e.Address & 0x80) != 0);
                if (bulk.Count == 2 && outEndpoint != null && inEndpoint != null)
                {
                    return new PicobootInterface(candidate.InterfaceNumber, outEndpoint.Address, inEndpoint.Address);
                }
            }

            return null;
        }

        public override string ToString() => $"interface {InterfaceNumber} (EP 0x{OutEndpoint:X2} OUT, 0x{InEndpoint:X2} IN)";
    }
}
