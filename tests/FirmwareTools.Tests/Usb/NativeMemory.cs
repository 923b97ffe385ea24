using System.Runtime.InteropServices;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Tests.Usb;

/// <summary>Unmanaged memory for tests that play libusb's part: structs, byte buffers and whole configuration trees, freed on Dispose.</summary>
internal sealed class NativeMemory : IDisposable
{
    private readonly List<IntPtr> allocations = [];

    public void Dispose()
    {
        foreach (IntPtr p in allocations)
        {
            Marshal.FreeHGlobal(p);
        }

        allocations.Clear();
    }

    /// <summary>A native tree laid out like libusb's, with the extras the walker found where libusb puts them.</summary>
    public IntPtr ConfigTree(byte[] raw)
    {
        UsbConfigurationDescriptor c = UsbConfigurationDescriptor.Parse(raw);
        var interfaces = c.Interfaces.GroupBy(i => i.InterfaceNumber).Select(g => new LibUsbNativeInterface
        {
            altsetting = Array(g.Select(i => new LibUsbNativeInterfaceDescriptor
            {
                bLength = 9, bDescriptorType = 4, bInterfaceNumber = i.InterfaceNumber, bAlternateSetting = i.AlternateSetting,
                bNumEndpoints = i.EndpointCount, bInterfaceClass = i.InterfaceClass, bInterfaceSubClass = i.InterfaceSubClass,
                bInterfaceProtocol = i.InterfaceProtocol, iInterface = i.InterfaceStringIndex,
                extra = Bytes([.. i.Extra]), extra_length = i.Extra.Count,
                endpoint = Array(i.Endpoints.Select(e => new LibUsbNativeEndpointDescriptor
                {
                    bLength = e.Length, bDescriptorType = 5, bEndpointAddress = e.Address, bmAttributes = e.Attributes, wMaxPacketSize = e.MaxPacketSize,
                    bInterval = e.Interval, bRefresh = e.Refresh, bSynchAddress = e.SynchAddress, extra = Bytes([.. e.Extra]), extra_length = e.Extra.Count,
                }).ToArray()),
            }).ToArray()),
            num_altsetting = g.Count(),
        }).ToArray();

        return Struct(new LibUsbNativeConfigDescriptor
        {
            bLength = 9, bDescriptorType = 2, wTotalLength = c.TotalLength, bNumInterfaces = (byte)interfaces.Length,
            bConfigurationValue = c.ConfigurationValue, iConfiguration = c.ConfigurationStringIndex, bmAttributes = c.Attributes, MaxPower = c.MaxPower,
            @interface = Array(interfaces), extra = Bytes([.. c.Extra]), extra_length = c.Extra.Count,
        });
    }

    public IntPtr Bytes(byte[] data)
    {
        if (data.Length == 0)
        {
            return IntPtr.Zero;
        }

        IntPtr p = Marshal.AllocHGlobal(data.Length);
        allocations.Add(p);
        Marshal.Copy(data, 0, p, data.Length);
        return p;
    }

    public IntPtr Struct<T>(T value)
        where T : struct => Array([value]);

    public IntPtr Array<T>(T[] values)
        where T : struct
    {
        if (values.Length == 0)
        {
            return IntPtr.Zero;
        }

        int size = Marshal.SizeOf<T>();
        IntPtr p = Marshal.AllocHGlobal(size * values.Length);
        allocations.Add(p);
        for (int i = 0; i < values.Length; i++)
        {
            Marshal.StructureToPtr(values[i], p + (i * size), false);
        }

        return p;
    }
}
