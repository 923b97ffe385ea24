using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// Turns libusb's parsed configuration tree back into wire bytes: header, the configuration's extra
    /// bytes, then for each interface each alternate setting (9 bytes, its extra bytes, its endpoints
    /// each with their extra bytes). libusb keeps every class-specific descriptor in one of those extra
    /// buffers, in device order, so the DFU functional descriptor comes back where the device put it.
    /// </summary>
    internal static class LibUsbConfigSerializer
    {
        private const int AudioEndpointDescriptorSize = 9;

        public static byte[] Serialize(IntPtr configuration)
        {
            if (configuration == IntPtr.Zero)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            var config = Marshal.PtrToStructure<LibUsbNativeConfigDescriptor>(configuration);
            var body = new List<byte>();
            AppendExtra(body, config.extra, config.extra_length);

            int interfaceSize = Marshal.SizeOf<LibUsbNativeInterface>();
            int altSize = Marshal.SizeOf<LibUsbNativeInterfaceDescriptor>();
            int endpointSize = Marshal.SizeOf<LibUsbNativeEndpointDescriptor>();
            for (int i = 0; i < config.bNumInterfaces && config.@interface != IntPtr.Zero; i++)
            {
                var usbInterface = Marshal.PtrToStructure<LibUsbNativeInterface>(Offset(config.@interface, i, interfaceSize));
                for (int a = 0; a < usbInterface.num_altsetting && usbInterface.altsetting != IntPtr.Zero; a++)
                {
                    var alt = Marshal.PtrToStructure<LibUsbNativeInterfaceDescriptor>(Offset(usbInterface.altsetting, a, altSize));
                    body.AddRange(new byte[]
                    {
                        UsbConfigurationDescriptor.InterfaceDescriptorSize, UsbDescriptorType.INTERFACE, alt.bInterfaceNumber, alt.bAlternateSetting,
                        alt.bNumEndpoints, alt.bInterfaceClass, alt.bInterfaceSubClass, alt.bInterfaceProtocol, alt.iInterface,
                    });
                    AppendExtra(body, alt.extra, alt.extra_length);
                    for (int e = 0; e < alt.bNumEndpoints && alt.endpoint != IntPtr.Zero; e++)
                    {
                        var endpoint = Marshal.PtrToStructure<LibUsbNativeEndpointDescriptor>(Offset(alt.endpoint, e, endpointSize));
                        bool audio = endpoint.bLength >= AudioEndpointDescriptorSize;
                        body.AddRange(new byte[]
                        {
                            audio ? (byte)AudioEndpointDescriptorSize : (byte)UsbConfigurationDescriptor.EndpointDescriptorSize, UsbDescriptorType.ENDPOINT,
                            endpoint.bEndpointAddress, endpoint.bmAttributes, (byte)endpoint.wMaxPacketSize, (byte)(endpoint.wMaxPacketSize >> 8), endpoint.bInterval,
                        });
                        if (audio)
                        {
                            body.Add(endpoint.bRefresh);
                            body.Add(endpoint.bSynchAddress);
                        }

                        AppendExtra(body, endpoint.extra, endpoint.extra_length);
                    }
                }
            }

            int total = UsbConfigurationDescriptor.HeaderSize + body.Count;
            if (total > ushort.MaxValue)
            {
                throw new UsbDescriptorFormatException("configuration", $"libusb returned {total} bytes of descriptors, more than wTotalLength can hold");
            }

            var result = new byte[total];
            result[0] = UsbConfigurationDescriptor.HeaderSize;
            result[1] = UsbDescriptorType.CONFIGURATION;
            result[2] = (byte)total;
            result[3] = (byte)(total >> 8);
            result[4] = config.bNumInterfaces;
            result[5] = config.bConfigurationValue;
            result[6] = config.iConfiguration;
            result[7] = config.bmAttributes;
            result[8] = config.MaxPower;
            body.CopyTo(result, UsbConfigurationDescriptor.HeaderSize);
            return result;
        }

        private static IntPtr Offset(IntPtr array, int index, int elementSize) => new IntPtr(array.ToInt64() + ((long)index * elementSize));

        private static void AppendExtra(List<byte> body, IntPtr extra, int length)
        {
            if (extra == IntPtr.Zero || length <= 0)
            {
                return;
            }

            var bytes = new byte[length];
            Marshal.Copy(extra, bytes, 0, length);
            body.AddRange(bytes);
        }
    }
}
