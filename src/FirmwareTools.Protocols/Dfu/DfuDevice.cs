using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// One physical board with a DFU interface, as <see cref="DfuDeviceFinder"/> found it: identity, where
    /// it sits, its DFU capabilities and its alternate settings (memory targets) grouped together.
    /// </summary>
    public sealed class DfuDevice
    {
        private const string InternalFlashName = "Internal Flash";

        internal DfuDevice(
            IUsbDevice usbDevice,
            UsbDeviceDescriptor descriptor,
            string? manufacturer,
            string? product,
            string? serialNumber,
            DfuMode mode,
            int interfaceNumber,
            DfuFunctionalDescriptor functional,
            IList<DfuAlternateSetting> alternateSettings,
            string? accessProblem)
        {
            UsbDevice = usbDevice;
            VendorId = descriptor.VendorId;
            ProductId = descriptor.ProductId;
            DeviceVersion = descriptor.DeviceVersion;
            Manufacturer = manufacturer;
            Product = product;
            SerialNumber = serialNumber;
            BusNumber = usbDevice.Location.BusNumber;
            DeviceAddress = usbDevice.Location.DeviceAddress;
            PortPath = usbDevice.Location.PortPath;
            Mode = mode;
            InterfaceNumber = interfaceNumber;
            Attributes = functional.Attributes;
            DetachTimeout = functional.DetachTimeout;
            TransferSize = functional.TransferSize;
            DfuVersion = functional.DfuVersion;
            AlternateSettings = TextList<DfuAlternateSetting>.Of(alternateSettings);
            AccessProblem = accessProblem;
        }

        public HexUsbId VendorId { get; }

        public HexUsbId ProductId { get; }

        public string? SerialNumber { get; }

        public string? Manufacturer { get; }

        public string? Product { get; }

        public byte BusNumber { get; }

        public byte DeviceAddress { get; }

        /// <summary>dfu-util's "path" (bus-port.port...), stable while the board stays in the same socket.</summary>
        public string PortPath { get; }

        /// <summary>bcdDevice (0x2200 on a current STM32F405 ROM).</summary>
        public ushort DeviceVersion { get; }

        /// <summary>bcdDFUVersion (0x0100 when the device has a DFU 1.0 descriptor or none at all).</summary>
        public ushort DfuVersion { get; }

        /// <summary>True for ST's DfuSe extensions (bcdDFUVersion 0x011A).</summary>
        public bool IsDfuSe => DfuVersion == DfuFunctionalDescriptor.DFUSE_VERSION;

        public DfuMode Mode { get; }

        public int InterfaceNumber { get; }

        /// <summary>wTransferSize; 0 when the device has no DFU functional descriptor.</summary>
        public int TransferSize { get; }

        /// <summary>wDetachTimeOut in milliseconds.</summary>
        public int DetachTimeout { get; }

        public DfuAttributes Attributes { get; }

        public bool CanDownload => (Attributes & DfuAttributes.CanDownload) != 0;

        public bool CanUpload => (Attributes & DfuAttributes.CanUpload) != 0;

        public bool ManifestationTolerant => (Attributes & DfuAttributes.ManifestationTolerant) != 0;

        public bool WillDetach => (Attributes & DfuAttributes.WillDetach) != 0;

        public IReadOnlyList<DfuAlternateSetting> AlternateSettings { get; }

        /// <summary>Why the device could not be opened (its strings are then null); null when it was opened.</summary>
        public string? AccessProblem { get; }

        public IUsbDevice UsbDevice { get; }

        /// <summary>The first alternate setting whose layout is named "Internal Flash", else alternate setting 0.</summary>
        public DfuAlternateSetting? InternalFlash =>
            AlternateSettings.FirstOrDefault(a => a.MemoryLayout is not null && a.MemoryLayout.Name.StartsWith(InternalFlashName, StringComparison.Ordinal))
            ?? AlternateSettings.FirstOrDefault(a => a.Number == 0);

        /// <summary>
        /// The internal flash's layout name ("Internal Flash"), or its alternate setting's name. A plain property, not
        /// only a path through <see cref="InternalFlash"/>, so the default view still shows it after remoting, which
        /// serializes one level deep.
        /// </summary>
        public string? FlashName => InternalFlash?.MemoryLayout?.Name ?? InternalFlash?.Name;

        /// <summary>Bytes of internal flash (0 when no layout was given); a plain property for the same reason as <see cref="FlashName"/>.</summary>
        public long FlashSize => InternalFlash?.FlashSize ?? 0;

        /// <summary>"vvvv:pppp" in lowercase hex, as lsusb and dfu-util print it.</summary>
        public string Id => string.Format(CultureInfo.InvariantCulture, "{0:x4}:{1:x4}", VendorId, ProductId);

        public override string ToString() =>
            SerialNumber is null ? $"{Id} at {PortPath}" : $"{Id} {SerialNumber} at {PortPath}";
    }
}
