using System.Net;
using System.Net.Sockets;
using System.Text;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// Exposes one <see cref="IUsbDevice"/> on a loopback TCP port with the bridge protocol described on
/// <see cref="UsbBridgeCommand"/>, so that a USB client nobody here wrote (webdfu, through
/// tests/peers/webusb-bridge.js) drives the very same virtual device our own code drives in-process.
/// Binds 127.0.0.1 only. Each connection is served on its own thread, requests in order; the device's
/// own endpoint-0 lock serialises transfers between connections, as a real bus does. Failures travel
/// as <see cref="UsbBridgeStatus"/> codes, never as a dropped connection.
/// </summary>
public sealed class UsbBridgeServer : IDisposable
{
    private const int SetupFieldsLength = 12;

    private readonly Func<IUsbDevice> currentDevice;
    private readonly TcpListener listener;
    private readonly Thread acceptThread;
    private readonly List<TcpClient> clients = [];
    private readonly object gate = new();
    private bool stopped;
    private int requestCount;

    private UsbBridgeServer(Func<IUsbDevice> currentDevice, int port)
    {
        this.currentDevice = currentDevice;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "UsbBridgeServer accept" };
        acceptThread.Start();
    }

    /// <summary>Starts serving <paramref name="device"/> on 127.0.0.1:<paramref name="port"/> (0 = an ephemeral port).</summary>
    public static UsbBridgeServer Start(IUsbDevice device, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new UsbBridgeServer(() => device, port);
    }

    /// <summary>
    /// Serves whatever <paramref name="currentDevice"/> returns when a connection opens: a board that re-enumerates (a Pico
    /// rebooting from BOOTSEL into MicroPython) shows its new self to new connections, while old ones keep the device that left.
    /// </summary>
    public static UsbBridgeServer Start(Func<IUsbDevice> currentDevice, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(currentDevice);
        return new UsbBridgeServer(currentDevice, port);
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public int Port => EndPoint.Port;

    /// <summary>Requests answered so far over all connections.</summary>
    public int RequestCount => Volatile.Read(ref requestCount);

    public void Dispose()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            foreach (TcpClient client in clients)
            {
                client.Dispose();
            }

            clients.Clear();
        }

        listener.Stop();
        acceptThread.Join(TimeSpan.FromSeconds(5));
    }

    private void AcceptLoop()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (gate)
            {
                if (stopped)
                {
                    client.Dispose();
                    return;
                }

                clients.Add(client);
            }

            // Small request/response messages: without NoDelay every control transfer would wait out Nagle's delay.
            client.NoDelay = true;
            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = "UsbBridgeServer connection" };
            thread.Start();
        }
    }

    private void Serve(TcpClient client)
    {
        var claimed = new HashSet<int>();
        IUsbDevice device = currentDevice();
        try
        {
            using NetworkStream stream = client.GetStream();
            while (UsbBridgeFraming.ReadMessage(stream) is { } request)
            {
                byte[] response = Answer(device, request, claimed);
                Interlocked.Increment(ref requestCount);
                UsbBridgeFraming.WriteMessage(stream, response, response.Length);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The peer went away or spoke nonsense: drop this connection only.
        }
        finally
        {
            ReleaseAll(device, claimed);
            lock (gate)
            {
                clients.Remove(client);
            }

            client.Dispose();
        }
    }

    private static byte[] Answer(IUsbDevice device, byte[] request, HashSet<int> claimed)
    {
        try
        {
            return Execute(device, request, claimed);
        }
        catch (UsbStallException e)
        {
            return Failure(UsbBridgeStatus.Stall, e.Message);
        }
        catch (UsbTimeoutException e)
        {
            return Failure(UsbBridgeStatus.Timeout, e.Message);
        }
        catch (UsbDeviceGoneException e)
        {
            return Failure(UsbBridgeStatus.DeviceGone, e.Message);
        }
        catch (UsbAccessDeniedException e)
        {
            return Failure(UsbBridgeStatus.AccessDenied, e.Message);
        }
        catch (UsbIOException e)
        {
            return Failure(UsbBridgeStatus.IoError, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Failure(UsbBridgeStatus.InvalidState, e.Message);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"Malformed request: {e.Message}");
        }
    }

    private static byte[] Execute(IUsbDevice device, byte[] request, HashSet<int> claimed)
    {
        var command = (UsbBridgeCommand)request[0];
        switch (command)
        {
            case UsbBridgeCommand.GetDeviceDescriptor:
                return Success(device.GetDeviceDescriptor());
            case UsbBridgeCommand.GetConfigurationDescriptor:
                return Success(device.GetConfigurationDescriptor(request[1]));
            case UsbBridgeCommand.GetStringDescriptor:
                return Success(ReadStringDescriptor(device, request[1], ReadUInt16(request, 2)));
            case UsbBridgeCommand.Open:
                device.Open();
                return Success([]);
            case UsbBridgeCommand.Close:
                ReleaseAll(device, claimed);
                return Success([]);
            case UsbBridgeCommand.ClaimInterface:
                device.ClaimInterface(request[1]);
                claimed.Add(request[1]);
                return Success([]);
            case UsbBridgeCommand.ReleaseInterface:
                device.ReleaseInterface(request[1]);
                claimed.Remove(request[1]);
                return Success([]);
            case UsbBridgeCommand.SetAlternateSetting:
                device.SetAlternateSetting(request[1], request[2]);
                return Success([]);
            case UsbBridgeCommand.ControlTransferIn:
                return ControlIn(device, request);
            case UsbBridgeCommand.ControlTransferOut:
                return ControlOut(device, request);
            case UsbBridgeCommand.BulkTransferIn:
                return BulkIn(device, request);
            case UsbBridgeCommand.BulkTransferOut:
                return BulkOut(device, request);
            case UsbBridgeCommand.ClearHalt:
                device.ClearHalt(request[1]);
                return Success([]);
            case UsbBridgeCommand.Reset:
                // The seam has no port reset; a device that has left the bus still says so, as libusb would.
                device.GetDeviceDescriptor();
                return Failure(UsbBridgeStatus.NotSupported, "The simulated device has no USB port reset.");
            default:
                return Failure(UsbBridgeStatus.BadRequest, $"Unknown USB bridge command 0x{request[0]:X2}.");
        }
    }

    private static byte[] ControlIn(IUsbDevice device, byte[] request)
    {
        (UsbSetupPacket setup, TimeSpan timeout) = ReadSetup(request);
        if (!setup.IsDeviceToHost)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"ControlTransferIn with an OUT request type: {setup}.");
        }

        var buffer = new byte[setup.Length];
        int read = device.ControlTransfer(setup, buffer, 0, timeout);
        return Success(buffer.AsSpan(0, read).ToArray());
    }

    private static byte[] ControlOut(IUsbDevice device, byte[] request)
    {
        (UsbSetupPacket setup, TimeSpan timeout) = ReadSetup(request);
        if (setup.IsDeviceToHost)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"ControlTransferOut with an IN request type: {setup}.");
        }

        int dataLength = request.Length - 1 - SetupFieldsLength;
        if (dataLength != setup.Length)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"ControlTransferOut carries {dataLength} data bytes but wLength is {setup.Length}.");
        }

        byte[] data = request.AsSpan(1 + SetupFieldsLength).ToArray();
        int written = device.ControlTransfer(setup, data, 0, timeout);
        return Success([(byte)written, (byte)(written >> 8)]);
    }

    private static byte[] BulkIn(IUsbDevice device, byte[] request)
    {
        if (request.Length != 10 || (request[1] & UsbSetupPacket.DirectionIn) == 0)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"BulkTransferIn needs an IN endpoint, a length and a timeout (10 bytes), got {request.Length} bytes.");
        }

        int length = (int)Math.Min(ReadUInt32(request, 2), (uint)UsbBridgeFraming.MaxBodyLength - 1);
        var buffer = new byte[length];
        int read = device.BulkTransfer(request[1], buffer, 0, length, Milliseconds(ReadUInt32(request, 6)));
        return Success(buffer.AsSpan(0, read).ToArray());
    }

    private static byte[] BulkOut(IUsbDevice device, byte[] request)
    {
        if (request.Length < 6 || (request[1] & UsbSetupPacket.DirectionIn) != 0)
        {
            return Failure(UsbBridgeStatus.BadRequest, $"BulkTransferOut needs an OUT endpoint and a timeout (6 bytes and the data), got {request.Length} bytes.");
        }

        byte[] data = request.AsSpan(6).ToArray();
        int written = device.BulkTransfer(request[1], data, 0, data.Length, Milliseconds(ReadUInt32(request, 2)));
        return Success(BitConverter.GetBytes(written));
    }

    private static uint ReadUInt32(byte[] bytes, int offset) => BitConverter.ToUInt32(bytes, offset);

    private static TimeSpan Milliseconds(uint milliseconds) => TimeSpan.FromMilliseconds(milliseconds == 0 ? int.MaxValue : milliseconds);

    private static byte[] ReadStringDescriptor(IUsbDevice device, byte index, ushort languageId)
    {
        // The OS reads strings at enumeration, before any client opens the device.
        if (!device.IsOpen)
        {
            device.Open();
        }

        var buffer = new byte[255];
        var setup = new UsbSetupPacket(0x80, VirtualUsbDevice.GET_DESCRIPTOR, (ushort)((VirtualUsbDevice.DescriptorTypeString << 8) | index), languageId, (ushort)buffer.Length);
        int read = device.ControlTransfer(setup, buffer, 0, TimeSpan.FromSeconds(1));
        return buffer.AsSpan(0, read).ToArray();
    }

    private static void ReleaseAll(IUsbDevice device, HashSet<int> claimed)
    {
        foreach (int number in claimed)
        {
            try
            {
                device.ReleaseInterface(number);
            }
            catch (Exception e) when (e is UsbTransferException or InvalidOperationException)
            {
                // A device that left the bus has nothing left to release.
            }
        }

        claimed.Clear();
    }

    private static (UsbSetupPacket Setup, TimeSpan Timeout) ReadSetup(byte[] request)
    {
        if (request.Length < 1 + SetupFieldsLength)
        {
            throw new ArgumentException($"control transfer request has {request.Length} bytes, needs at least {1 + SetupFieldsLength}");
        }

        var setup = new UsbSetupPacket(request[1], request[2], ReadUInt16(request, 3), ReadUInt16(request, 5), ReadUInt16(request, 7));
        uint timeoutMs = (uint)(request[9] | (request[10] << 8) | (request[11] << 16) | (request[12] << 24));
        return (setup, TimeSpan.FromMilliseconds(timeoutMs == 0 ? int.MaxValue : timeoutMs));
    }

    private static ushort ReadUInt16(byte[] bytes, int offset) => (ushort)(bytes[offset] | (bytes[offset + 1] << 8));

    private static byte[] Success(byte[] result)
    {
        var body = new byte[1 + result.Length];
        body[0] = (byte)UsbBridgeStatus.Ok;
        result.CopyTo(body, 1);
        return body;
    }

    private static byte[] Failure(UsbBridgeStatus status, string message)
    {
        byte[] text = Encoding.UTF8.GetBytes(message);
        var body = new byte[1 + text.Length];
        body[0] = (byte)status;
        text.CopyTo(body, 1);
        return body;
    }
}
