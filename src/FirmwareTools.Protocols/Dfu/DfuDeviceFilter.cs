using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>Which DFU devices a caller wants; an unset property matches everything.</summary>
    public sealed class DfuDeviceFilter
    {
        public ushort? VendorId { get; set; }

        public ushort? ProductId { get; set; }

        /// <summary>Exact match, ignoring case (serials are hex, and MicroPython and the ROM agree only case-insensitively).</summary>
        public string? SerialNumber { get; set; }

        public bool Matches(DfuDevice device)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            return MatchesIds(device.VendorId, device.ProductId) &&
                   (SerialNumber is null || string.Equals(SerialNumber, device.SerialNumber, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The part of the filter that can be checked from the device descriptor alone, before opening the device.</summary>
        internal bool MatchesIds(ushort vendorId, ushort productId) =>
            (VendorId is null || VendorId == vendorId) && (ProductId is null || ProductId == productId);

        public override string ToString()
        {
            string vid = VendorId is null ? "*" : VendorId.Value.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
            string pid = ProductId is null ? "*" : ProductId.Value.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
            return SerialNumber is null ? $"{vid}:{pid}" : $"{vid}:{pid} serial {SerialNumber}";
        }
    }
}
