using System;
using System.Threading;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// A serial port that is a USB CDC ACM function driven from user space over an <see cref="IUsbDevice"/>: what the
    /// kernel's cdc_acm driver does behind <c>/dev/ttyACM0</c>, done by the module. Line settings go out as
    /// SET_LINE_CODING, DTR and RTS together as one SET_CONTROL_LINE_STATE (so a device never sees a state between two
    /// line changes, as esptool's UnixTightReset wants), bytes over the data interface's bulk endpoints.
    /// </summary>
    /// <remarks>
    /// A read asks for one packet at a time, in slices of at most <see cref="ReadSlice"/>, so a write never waits long
    /// behind a read on a device that serves one transfer at a time (the loopback USB bridge). Closing drops DTR and RTS
    /// together when either is up, as the kernel's HUPCL does on the last close of a tty.
    /// </remarks>
    public sealed class UsbCdcAcmSerialPort : ISerialPort
    {
        /// <summary>The longest one bulk IN waits before a pending write gets its turn.</summary>
        public static readonly TimeSpan ReadSlice = TimeSpan.FromMilliseconds(20);

        /// <summary>How long a bulk OUT or a class request may take before the port counts as lost.</summary>
        public static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(5);

        /// <summary>The most one bulk OUT carries; longer writes are split (the bridge takes up to 64 KiB a transfer).</summary>
        public const int WriteChunk = 16384;

        private readonly object gate = new object();
        private readonly IUsbDevice device;
        private readonly UsbCdcAcmFunction function;
        private readonly byte[] packet;
        private readonly SerialParity parity;
        private readonly SerialStopBits stopBits;
        private int baudRate;
        private int dataBits;
        private bool dtr;
        private bool rts;
        private int pendingOffset;
        private int pendingCount;
        private bool disposed;

        private UsbCdcAcmSerialPort(string portName, IUsbDevice device, UsbCdcAcmFunction function, SerialPortSettings settings)
        {
            PortName = portName;
            this.device = device;
            this.function = function;
            packet = new byte[Math.Max(8, function.InPacketSize)];
            baudRate = settings.BaudRate;
            dataBits = settings.DataBits;
            parity = settings.Parity;
            stopBits = settings.StopBits;
        }

        public string PortName { get; }

        public int BaudRate
        {
            get => baudRate;
            set
            {
                baudRate = value;
                SendLineCoding();
            }
        }

        public int DataBits
        {
            get => dataBits;
            set
            {
                dataBits = value;
                SendLineCoding();
            }
        }

        public bool DtrEnable
        {
            get => dtr;
            set => SetModemLines(value, rts);
        }

        public bool RtsEnable
        {
            get => rts;
            set => SetModemLines(dtr, value);
        }

        public bool SupportsModemLines => true;

        /// <summary>
        /// Opens the device, claims the function's two interfaces, sends the line coding and, where the settings ask for
        /// them, the modem lines. The port owns <paramref name="device"/> from here on, also when opening fails.
        /// </summary>
        /// <exception cref="FirmwareError">SerialPortNotFound: the device has no CDC ACM function, or left the bus.</exception>
        /// <exception cref="SerialPortBusyException">Another program holds the function's interfaces.</exception>
        public static UsbCdcAcmSerialPort Open(string portName, IUsbDevice device, SerialPortSettings settings)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            settings ??= new SerialPortSettings();
            try
            {
                var configuration = UsbConfigurationDescriptor.Parse(device.GetConfigurationDescriptor(0), device.Location.PortPath);
                UsbCdcAcmFunction function = UsbCdcAcmFunction.Find(configuration)
                    ?? throw SerialErrors.PortNotFound(portName, $"the USB device there ({DescribeIds(device)}) has no CDC ACM function: it is not a serial port now (a board in its bootloader shows another device)");
                var port = new UsbCdcAcmSerialPort(portName, device, function, settings);
                device.Open();
                port.Claim(function.CommunicationInterface);
                port.Claim(function.DataInterface);
                port.SendLineCoding();
                if (!settings.LinesUntouched && (settings.Dtr.HasValue || settings.Rts.HasValue))
                {
                    port.SetModemLines(settings.Dtr ?? false, settings.Rts ?? false);
                }

                return port;
            }
            catch (UsbDeviceGoneException e)
            {
                device.Dispose();
                throw SerialErrors.PortNotFound(portName, "the USB device left the bus while it was being opened", null, e);
            }
            catch
            {
                device.Dispose();
                throw;
            }
        }

        public void SetModemLines(bool dtr, bool rts)
        {
            lock (gate)
            {
                Control(UsbCdcAcm.ControlLineState(function.CommunicationInterface, dtr, rts), Array.Empty<byte>());
                this.dtr = dtr;
                this.rts = rts;
            }
        }

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lock (gate)
                {
                    if (pendingCount == 0)
                    {
                        TimeSpan left = deadline - DateTime.UtcNow;
                        FetchPacket(left < ReadSlice ? (left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)) : ReadSlice);
                    }

                    if (pendingCount > 0)
                    {
                        int taken = Math.Min(count, pendingCount);
                        Array.Copy(packet, pendingOffset, buffer, offset, taken);
                        pendingOffset += taken;
                        pendingCount -= taken;
                        return taken;
                    }
                }

                if (DateTime.UtcNow >= deadline)
                {
                    return 0;
                }
            }
        }

        public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int chunk = Math.Min(count, WriteChunk);
                lock (gate)
                {
                    int sent = Transfer(() => device.BulkTransfer(function.BulkOut, buffer, offset, chunk, TransferTimeout), "writing");
                    offset += sent;
                    count -= sent;
                }
            }
        }

        /// <summary>A bulk OUT returns once the device took the bytes: there is nothing left to wait for.</summary>
        public void Drain(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();

        /// <summary>Drops what was read but not taken, and what the device holds for us now (tcflush TCIFLUSH).</summary>
        public void DiscardInput()
        {
            lock (gate)
            {
                pendingCount = 0;
                for (int packets = 0; packets < 1024; packets++)
                {
                    FetchPacket(TimeSpan.FromMilliseconds(1));
                    if (pendingCount == 0)
                    {
                        return;
                    }

                    pendingCount = 0;
                }
            }
        }

        /// <summary>Nothing waits on the host side: every write has already gone to the device.</summary>
        public void DiscardOutput()
        {
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                try
                {
                    if (dtr || rts)
                    {
                        device.ControlTransfer(UsbCdcAcm.ControlLineState(function.CommunicationInterface, false, false), Array.Empty<byte>(), 0, TransferTimeout);
                    }

                    device.ReleaseInterface(function.DataInterface);
                    device.ReleaseInterface(function.CommunicationInterface);
                }
                catch (UsbTransferException)
                {
                    // Gone or refusing: closing still closes.
                }
                finally
                {
                    device.Dispose();
                }
            }
        }

        private static string DescribeIds(IUsbDevice device)
        {
            var descriptor = UsbDeviceDescriptor.Parse(device.GetDeviceDescriptor(), device.Location.PortPath);
            return $"{new HexUsbId(descriptor.VendorId)}:{new HexUsbId(descriptor.ProductId)}";
        }

        private void Claim(int interfaceNumber)
        {
            try
            {
                device.ClaimInterface(interfaceNumber);
            }
            catch (UsbIOException e) when (e.ErrorName == "LIBUSB_ERROR_BUSY")
            {
                throw new SerialPortBusyException(PortName, $"interface {interfaceNumber} of its USB device is claimed by another program ({e.Message})", e);
            }
        }

        private void SendLineCoding()
        {
            byte[] coding = UsbCdcAcm.LineCoding(baudRate, dataBits, stopBits, parity);
            lock (gate)
            {
                Control(UsbCdcAcm.SetLineCoding(function.CommunicationInterface), coding);
            }
        }

        private void Control(UsbSetupPacket setup, byte[] data)
        {
            ThrowIfDisposed();
            Transfer(() => device.ControlTransfer(setup, data, 0, TransferTimeout), "sending " + setup);
        }

        /// <summary>One bulk IN of one packet into <see cref="packet"/>; a timeout leaves nothing pending.</summary>
        private void FetchPacket(TimeSpan wait)
        {
            ThrowIfDisposed();
            try
            {
                pendingOffset = 0;
                pendingCount = device.BulkTransfer(function.BulkIn, packet, 0, function.InPacketSize, wait);
            }
            catch (UsbTimeoutException)
            {
                pendingCount = 0;
            }
            catch (UsbDeviceGoneException e)
            {
                throw new SerialPortLostException(PortName, "its USB device left the bus", e);
            }
            catch (UsbTransferException e)
            {
                throw new SerialPortLostException(PortName, "reading from its USB device failed: " + e.Message, e);
            }
        }

        private int Transfer(Func<int> transfer, string doing)
        {
            ThrowIfDisposed();
            try
            {
                return transfer();
            }
            catch (UsbDeviceGoneException e)
            {
                throw new SerialPortLostException(PortName, "its USB device left the bus", e);
            }
            catch (UsbTransferException e)
            {
                throw new SerialPortLostException(PortName, $"{doing} failed: {e.Message}", e);
            }
        }

        private void ThrowIfDisposed()
        {
            if (disposed)
            {
                throw new ObjectDisposedException(PortName);
            }
        }
    }
}
