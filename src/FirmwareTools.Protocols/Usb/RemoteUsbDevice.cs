using System;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// An <see cref="IUsbDevice"/> served by a loopback bridge (see <see cref="UsbBridgeCommand"/>). The bridge's
    /// status codes turn back into the seam's typed exceptions, so protocol code cannot tell it from a local device.
    /// A bridge that goes away counts as the device leaving the bus.
    /// </summary>
    public sealed class RemoteUsbDevice : IUsbDevice
    {
        private const int SetupFieldsLength = 12;

        /// <summary>The most one bridged bulk transfer moves: callers split larger data phases, as USB splits them into packets anyway.</summary>
        public const int MaxBulkLength = 65536;

        /// <summary>How long a request that is not a control transfer may wait for the bridge's answer.</summary>
        private static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Added to a control transfer's timeout for the bridge hop.</summary>
        private static readonly TimeSpan BridgeMargin = TimeSpan.FromSeconds(2);

        private readonly object gate = new object();
        private readonly IDisposable connection;
        private readonly Stream stream;
        private readonly string endpoint;
        private byte[]? deviceDescriptor;

        private RemoteUsbDevice(IDisposable connection, Stream stream, string endpoint)
        {
            this.connection = connection;
            this.endpoint = endpoint;
            this.stream = stream;
            Location = new UsbDeviceLocation(0, 0, endpoint);
        }

        /// <summary>A bridge device over an already connected stream (the fuzz targets and tests feed it scripted replies).</summary>
        internal static RemoteUsbDevice OverStream(Stream stream, string endpoint) => new RemoteUsbDevice(stream, stream, endpoint);

        public UsbDeviceLocation Location { get; }

        public bool IsOpen { get; private set; }

        /// <summary>Connects to the bridge at <paramref name="host"/>:<paramref name="port"/>.</summary>
        public static RemoteUsbDevice Connect(string host, int port, TimeSpan timeout)
        {
            string endpoint = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}:{1}", host, port);
            var client = new TcpClient { NoDelay = true };
            try
            {
                if (!client.ConnectAsync(host, port).Wait(timeout))
                {
                    throw new TimeoutException($"no answer within {timeout.TotalSeconds} s");
                }
            }
            catch (Exception e) when (e is AggregateException || e is SocketException || e is TimeoutException)
            {
                client.Dispose();
                Exception cause = e is AggregateException a && a.InnerException != null ? a.InnerException : e;
                throw UsbErrors.BridgeUnavailable($"Could not connect to the USB bridge at {endpoint}: {cause.Message}", endpoint, cause);
            }

            return new RemoteUsbDevice(client, client.GetStream(), endpoint);
        }

        public byte[] GetDeviceDescriptor()
        {
            if (deviceDescriptor is null)
            {
                deviceDescriptor = Call(new[] { (byte)UsbBridgeCommand.GetDeviceDescriptor });
            }

            return (byte[])deviceDescriptor.Clone();
        }

        public byte[] GetConfigurationDescriptor(byte index) =>
            Call(new[] { (byte)UsbBridgeCommand.GetConfigurationDescriptor, index });

        public void Open()
        {
            Call(new[] { (byte)UsbBridgeCommand.Open });
            IsOpen = true;
        }

        public void ClaimInterface(int interfaceNumber) =>
            Call(new[] { (byte)UsbBridgeCommand.ClaimInterface, checked((byte)interfaceNumber) });

        public void ReleaseInterface(int interfaceNumber) =>
            Call(new[] { (byte)UsbBridgeCommand.ReleaseInterface, checked((byte)interfaceNumber) });

        public void SetAlternateSetting(int interfaceNumber, int alternateSetting) =>
            Call(new[] { (byte)UsbBridgeCommand.SetAlternateSetting, checked((byte)interfaceNumber), checked((byte)alternateSetting) });

        public int ControlTransfer(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            bool isIn = setup.IsDeviceToHost;
            var request = new byte[1 + SetupFieldsLength + (isIn ? 0 : setup.Length)];
            request[0] = (byte)(isIn ? UsbBridgeCommand.ControlTransferIn : UsbBridgeCommand.ControlTransferOut);
            request[1] = setup.RequestType;
            request[2] = setup.Request;
            LittleEndian.WriteUInt16(request, 3, setup.Value);
            LittleEndian.WriteUInt16(request, 5, setup.Index);
            LittleEndian.WriteUInt16(request, 7, setup.Length);
            uint milliseconds = (uint)Math.Max(1, Math.Min(uint.MaxValue, timeout.TotalMilliseconds));
            request[9] = (byte)milliseconds;
            request[10] = (byte)(milliseconds >> 8);
            request[11] = (byte)(milliseconds >> 16);
            request[12] = (byte)(milliseconds >> 24);
            if (!isIn)
            {
                Array.Copy(buffer, offset, request, 1 + SetupFieldsLength, setup.Length);
            }

            // The bridge answers after the device did, so it gets the transfer's own timeout plus a margin for the hop.
            byte[] result = Call(request, timeout < TimeSpan.FromDays(1) ? timeout + BridgeMargin : timeout);
            if (!isIn)
            {
                if (result.Length != 2)
                {
                    throw Malformed($"answered a control transfer OUT with {result.Length} result byte(s) instead of 2");
                }

                return LittleEndian.ReadUInt16(result, 0);
            }

            // A bridge may lie like a device: never more than wLength bytes, never past the caller's buffer.
            if (result.Length > setup.Length || result.Length > buffer.Length - offset)
            {
                throw Malformed($"answered a control transfer IN of at most {setup.Length} byte(s) with {result.Length}");
            }

            Array.Copy(result, 0, buffer, offset, result.Length);
            return result.Length;
        }

        public int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || length < 0 || offset + length > buffer.Length || length > MaxBulkLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length), $"A bridged bulk transfer moves at most {MaxBulkLength} bytes from inside the buffer; asked for {length} at offset {offset}.");
            }

            bool isIn = (endpoint & UsbSetupPacket.DirectionIn) != 0;
            uint milliseconds = (uint)Math.Max(1, Math.Min(uint.MaxValue, timeout.TotalMilliseconds));
            byte[] request;
            if (isIn)
            {
                request = new byte[10];
                request[0] = (byte)UsbBridgeCommand.BulkTransferIn;
                request[1] = endpoint;
                LittleEndian.WriteUInt32(request, 2, (uint)length);
                LittleEndian.WriteUInt32(request, 6, milliseconds);
            }
            else
            {
                request = new byte[6 + length];
                request[0] = (byte)UsbBridgeCommand.BulkTransferOut;
                request[1] = endpoint;
                LittleEndian.WriteUInt32(request, 2, milliseconds);
                Array.Copy(buffer, offset, request, 6, length);
            }

            byte[] result = Call(request, timeout < TimeSpan.FromDays(1) ? timeout + BridgeMargin : timeout);
            if (!isIn)
            {
                if (result.Length != 4)
                {
                    throw Malformed($"answered a bulk transfer OUT with {result.Length} result byte(s) instead of 4");
                }

                return (int)(result[0] | (result[1] << 8) | (result[2] << 16) | (result[3] << 24));
            }

            if (result.Length > length)
            {
                throw Malformed($"answered a bulk transfer IN of at most {length} byte(s) with {result.Length}");
            }

            Array.Copy(result, 0, buffer, offset, result.Length);
            return result.Length;
        }

        public void ClearHalt(byte endpoint) =>
            Call(new[] { (byte)UsbBridgeCommand.ClearHalt, endpoint });

        public override string ToString() => $"USB bridge device at {endpoint}";

        public void Dispose()
        {
            IsOpen = false;
            connection.Dispose();
        }

        private byte[] Call(byte[] request) => Call(request, DefaultAnswerTimeout);

        private byte[] Call(byte[] request, TimeSpan answerWithin)
        {
            byte[]? response;
            lock (gate)
            {
                try
                {
                    // A bridge that stops answering must not block a read forever; the stream then fails with an
                    // IOException, and a connection that lost a reply cannot be trusted again: the device is gone.
                    if (stream.CanTimeout)
                    {
                        stream.ReadTimeout = (int)Math.Max(1, Math.Min(int.MaxValue, answerWithin.TotalMilliseconds));
                    }

                    UsbBridgeFraming.WriteMessage(stream, request, request.Length);
                    response = UsbBridgeFraming.ReadMessage(stream);
                }
                // InvalidDataException (a frame length outside the protocol) is no IOException: it escaped as itself until fuzzing found it.
                catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is InvalidDataException)
                {
                    throw new UsbDeviceGoneException($"The USB bridge at {endpoint} went away: {e.Message}", endpoint, e);
                }
            }

            if (response is null)
            {
                throw new UsbDeviceGoneException($"The USB bridge at {endpoint} closed the connection.", endpoint);
            }

            var status = (UsbBridgeStatus)response[0];
            if (status == UsbBridgeStatus.Ok)
            {
                var result = new byte[response.Length - 1];
                Array.Copy(response, 1, result, 0, result.Length);
                return result;
            }

            string message = Encoding.UTF8.GetString(response, 1, response.Length - 1);
            switch (status)
            {
                case UsbBridgeStatus.Stall:
                    throw new UsbStallException(message, endpoint);
                case UsbBridgeStatus.Timeout:
                    throw new UsbTimeoutException(message, endpoint);
                case UsbBridgeStatus.DeviceGone:
                    IsOpen = false;
                    throw new UsbDeviceGoneException(message, endpoint);
                case UsbBridgeStatus.AccessDenied:
                    throw new UsbAccessDeniedException(message, endpoint, "Grant access to the device on the bridge's host.");
                case UsbBridgeStatus.InvalidState:
                    // Our own calls follow open/claim order, so this is the bridge's word against ours: a failed transfer, not a crash.
                    throw new UsbIOException($"{message} (bridge status {status})", endpoint, "LIBUSB_ERROR_BUSY");
                case UsbBridgeStatus.NotSupported:
                    throw new UsbIOException(message, endpoint, "LIBUSB_ERROR_NOT_SUPPORTED");
                default:
                    throw new UsbIOException($"{message} (bridge status {status})", endpoint, "LIBUSB_ERROR_IO");
            }
        }

        private UsbIOException Malformed(string problem) =>
            new UsbIOException($"The USB bridge at {endpoint} {problem}.", endpoint, "LIBUSB_ERROR_OVERFLOW");
    }
}
