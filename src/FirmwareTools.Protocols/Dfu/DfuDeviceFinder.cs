using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Lists DFU devices, like <c>dfu-util -l</c> but one object per physical board with its alternate
    /// settings grouped and their memory layouts parsed (docs/protocols/dfu-dfuse.md §1.1, §1.2, §1.4, §7.1).
    /// </summary>
    public static class DfuDeviceFinder
    {
        public const byte USB_CLASS_APPLICATION_SPECIFIC = 0xFE;
        public const byte DFU_SUBCLASS = 0x01;
        public const byte DFU_PROTOCOL_RUNTIME = 0x01;
        public const byte DFU_PROTOCOL_DFU_MODE = 0x02;

        /// <summary>
        /// Quirk (dfu-util): the NXP LPC DFU bootloader (1fc9:000c) reports protocol 1 although it is in DFU mode.
        /// </summary>
        public const ushort QUIRK_LPC_VENDOR = 0x1FC9;
        public const ushort QUIRK_LPC_PRODUCT = 0x000C;

        /// <summary>Quirk (dfu-util): old Jabra devices report protocol 0 in DFU mode.</summary>
        public const ushort QUIRK_JABRA_VENDOR = 0x0B0E;

        private const byte USB_REQUEST_GET_DESCRIPTOR = 0x06;

        public static IReadOnlyList<DfuDevice> Find(IUsbBackend backend, DfuDeviceFilter? filter = null, OperationLog? log = null, CancellationToken cancellationToken = default)
        {
            if (backend is null)
            {
                throw new ArgumentNullException(nameof(backend));
            }

            var found = new List<DfuDevice>();
            int searched = 0;
            foreach (IUsbDevice usb in backend.GetDevices())
            {
                searched++;
                cancellationToken.ThrowIfCancellationRequested();
                DfuDevice? device = null;
                bool wasOpen = usb.IsOpen;
                try
                {
                    device = Probe(usb, filter, log);
                }
                catch (UsbDeviceGoneException)
                {
                    log.Verbose($"The USB device at {usb.Location} left the bus while it was being listed; skipped.");
                }
                catch (UsbDescriptorFormatException ex)
                {
                    log.Warning($"Skipped the USB device at {usb.Location}: {ex.Message}");
                }
                catch (UsbTransferException ex)
                {
                    log.Warning($"Skipped the USB device at {usb.Location}: its descriptors could not be read ({ex.ErrorId}: {ex.Message}).");
                }

                if (device is not null && (filter is null || filter.Matches(device)))
                {
                    found.Add(device);
                }
                else if (!wasOpen)
                {
                    // Releases what listing took (libusb references, the handle opened for strings). A device
                    // that was already open belongs to someone else (a shared simulator instance) and is left alone.
                    usb.Dispose();
                }
            }

            found.Sort(CompareByLocation);

            // Said also when nothing is found, so -Verbose shows what was searched (ids in hex, as lsusb prints them).
            log.Verbose($"Searched {searched} USB device(s) for DFU interfaces matching {filter?.ToString() ?? "*:*"}: found {found.Count}.");
            return found.AsReadOnly();
        }

        /// <summary>Orders by bus, then by port path compared number by number (1-1.10 after 1-1.9), then address.</summary>
        internal static int CompareByLocation(DfuDevice a, DfuDevice b)
        {
            int byBus = a.BusNumber.CompareTo(b.BusNumber);
            if (byBus != 0)
            {
                return byBus;
            }

            int byPath = ComparePortPaths(a.PortPath, b.PortPath);
            return byPath != 0 ? byPath : a.DeviceAddress.CompareTo(b.DeviceAddress);
        }

        internal static int ComparePortPaths(string? a, string? b)
        {
            string[] left = (a ?? string.Empty).Split('-', '.');
            string[] right = (b ?? string.Empty).Split('-', '.');
            for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
            {
                bool leftNumber = int.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out int l);
                bool rightNumber = int.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out int r);
                int c = leftNumber && rightNumber ? l.CompareTo(r) : string.CompareOrdinal(left[i], right[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return left.Length.CompareTo(right.Length);
        }

        private static DfuDevice? Probe(IUsbDevice usb, DfuDeviceFilter? filter, OperationLog? log)
        {
            var descriptor = UsbDeviceDescriptor.Parse(usb.GetDeviceDescriptor(), usb.Location.ToString());
            string name = Describe(descriptor, usb.Location);
            if (filter is not null && !filter.MatchesIds(descriptor.VendorId, descriptor.ProductId))
            {
                return null;
            }

            DfuCandidate? candidate = null;
            for (byte index = 0; index < Math.Max((byte)1, descriptor.ConfigurationCount) && candidate is null; index++)
            {
                var configuration = UsbConfigurationDescriptor.Parse(usb.GetConfigurationDescriptor(index), name);
                candidate = SelectInterface(descriptor, configuration, name, log);
            }

            if (candidate is null)
            {
                log.Debug($"{name}: no DFU interface; skipped.");
                return null;
            }

            string? accessProblem = null;
            UsbStringReader? strings = null;
            try
            {
                usb.Open();
                strings = new UsbStringReader(usb, log);
            }
            catch (UsbAccessDeniedException ex)
            {
                accessProblem = ex.Message;
                log.Warning($"{ex.Message} It is listed from its cached descriptors, without serial number or memory layouts. {ex.RecommendedAction}");
            }

            DfuFunctionalDescriptor functional = candidate.Functional
                ?? ReadFunctionalDescriptorDirectly(usb, name, log)
                ?? new DfuFunctionalDescriptor(DfuAttributes.None, 0, 0, DfuFunctionalDescriptor.DFU_VERSION_1_0);

            DfuMode mode = ClassifyMode(descriptor, candidate.Protocol, functional.DfuVersion);
            var alternates = candidate.AlternateSettings
                .Select(alt => DfuAlternateSetting.FromName(alt.AlternateSetting, strings?.Read(alt.InterfaceStringIndex)))
                .ToList();

            var device = new DfuDevice(
                usb,
                descriptor,
                strings?.Read(descriptor.ManufacturerIndex),
                strings?.Read(descriptor.ProductIndex),
                strings?.Read(descriptor.SerialNumberIndex),
                mode,
                candidate.InterfaceNumber,
                functional,
                alternates,
                accessProblem);

            log.Verbose($"Found DFU {(mode == DfuMode.Dfu ? "device" : "runtime interface")}: {device} ({functional}, {alternates.Count} alternate setting(s)).");
            foreach (DfuAlternateSetting alt in alternates.Where(a => a.LayoutProblem is not null && device.IsDfuSe && a.Name is not null))
            {
                log.Warning($"{device}: alternate setting {alt.Number} has no readable memory layout: {alt.LayoutProblem}.");
            }

            return device;
        }

        /// <summary>
        /// The first DFU interface of the configuration (class 0xFE, subclass 0x01), preferring DFU mode over
        /// run-time, with all its alternate settings and its functional descriptor: first from its alternate
        /// settings' extra bytes (the ST ROM puts it after the last one), then from the configuration's extra
        /// bytes, the order dfu-util looks in.
        /// </summary>
        private static DfuCandidate? SelectInterface(UsbDeviceDescriptor device, UsbConfigurationDescriptor configuration, string name, OperationLog? log)
        {
            var groups = configuration.Interfaces
                .Where(i => i.InterfaceClass == USB_CLASS_APPLICATION_SPECIFIC && i.InterfaceSubClass == DFU_SUBCLASS)
                .GroupBy(i => i.InterfaceNumber)
                .Select(g =>
                {
                    var alts = g.ToList();
                    DfuFunctionalDescriptor? functional = alts.Select(a => DfuFunctionalDescriptor.Find(a.Extra)).FirstOrDefault(f => f is not null)
                        ?? DfuFunctionalDescriptor.Find(configuration.Extra);
                    return new DfuCandidate(g.Key, alts[0].InterfaceProtocol, functional, alts);
                })
                .ToList();

            if (groups.Count == 0)
            {
                return null;
            }

            DfuCandidate chosen = groups.FirstOrDefault(g => ClassifyMode(device, g.Protocol, g.Functional?.DfuVersion ?? DfuFunctionalDescriptor.DFU_VERSION_1_0) == DfuMode.Dfu)
                ?? groups[0];
            if (groups.Count > 1)
            {
                log.Verbose($"{name} has {groups.Count} DFU interfaces; using interface {chosen.InterfaceNumber}.");
            }

            return chosen;
        }

        /// <summary>DFU mode or run-time from bInterfaceProtocol, with dfu-util's quirks for devices that report the wrong protocol.</summary>
        internal static DfuMode ClassifyMode(UsbDeviceDescriptor device, byte protocol, ushort dfuVersion)
        {
            switch (protocol)
            {
                case DFU_PROTOCOL_DFU_MODE:
                    return DfuMode.Dfu;
                case DFU_PROTOCOL_RUNTIME:
                    return device.VendorId == QUIRK_LPC_VENDOR && device.ProductId == QUIRK_LPC_PRODUCT ? DfuMode.Dfu : DfuMode.Runtime;
                case 0:
                    // DfuSe devices such as the DSO Nano and old Jabra headsets report protocol 0 in DFU mode.
                    return dfuVersion == DfuFunctionalDescriptor.DFUSE_VERSION || device.VendorId == QUIRK_JABRA_VENDOR ? DfuMode.Dfu : DfuMode.Runtime;
                default:
                    return DfuMode.Runtime;
            }
        }

        /// <summary>dfu-util's third place to look: GET_DESCRIPTOR(0x21) on the device. Most devices stall it.</summary>
        private static DfuFunctionalDescriptor? ReadFunctionalDescriptorDirectly(IUsbDevice usb, string name, OperationLog? log)
        {
            if (!usb.IsOpen)
            {
                return null;
            }

            var buffer = new byte[DfuFunctionalDescriptor.Dfu11Length];
            var setup = new UsbSetupPacket(UsbSetupPacket.DirectionIn, USB_REQUEST_GET_DESCRIPTOR, UsbDescriptorType.DFU_FUNCTIONAL << 8, 0, (ushort)buffer.Length);
            try
            {
                int count = usb.ControlTransfer(setup, buffer, 0, UsbStringReader.DefaultTimeout);
                if (count >= DfuFunctionalDescriptor.Dfu10Length && buffer[1] == UsbDescriptorType.DFU_FUNCTIONAL)
                {
                    Array.Resize(ref buffer, count);
                    return DfuFunctionalDescriptor.Parse(buffer);
                }
            }
            catch (UsbDeviceGoneException)
            {
                throw;
            }
            catch (FirmwareToolsException ex)
            {
                log.Debug($"{name}: GET_DESCRIPTOR(DFU functional) failed ({ex.ErrorId}).");
            }

            log.Warning($"{name} has no DFU functional descriptor; assuming DFU 1.0 with an unknown transfer size.");
            return null;
        }

        internal static string Describe(UsbDeviceDescriptor descriptor, UsbDeviceLocation location) =>
            string.Format(CultureInfo.InvariantCulture, "{0:x4}:{1:x4} at {2}", descriptor.VendorId, descriptor.ProductId, location);

        private sealed class DfuCandidate
        {
            public DfuCandidate(byte interfaceNumber, byte protocol, DfuFunctionalDescriptor? functional, IReadOnlyList<UsbInterfaceDescriptor> alternateSettings)
            {
                InterfaceNumber = interfaceNumber;
                Protocol = protocol;
                Functional = functional;
                AlternateSettings = alternateSettings;
            }

            public byte InterfaceNumber { get; }

            public byte Protocol { get; }

            public DfuFunctionalDescriptor? Functional { get; }

            public IReadOnlyList<UsbInterfaceDescriptor> AlternateSettings { get; }
        }
    }
}
