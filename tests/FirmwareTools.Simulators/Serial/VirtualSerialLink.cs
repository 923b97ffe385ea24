using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Simulators.Serial;

/// <summary>
/// An in-process serial cable: <see cref="Host"/> is the <see cref="ISerialPort"/> the client code under test opens;
/// <see cref="Device"/> is the board's end, which a simulator reads and writes and whose line settings (baud, data
/// bits, DTR/RTS) it observes synchronously, in the order the host changed them (docs/protocols/esp32-rom-loader.md §8.1).
/// </summary>
public sealed class VirtualSerialLink
{
    private readonly ByteQueue toDevice = new();
    private readonly ByteQueue toHost = new();

    public VirtualSerialLink(string portName = "VIRTUAL0", int baudRate = 115200)
    {
        Host = new HostPort(this, portName, baudRate);
        Device = new DeviceEnd(this);
    }

    /// <summary>The client's end: what <c>Install-Esp32Firmware</c> or the REPL client would have opened.</summary>
    public ISerialPort Host { get; }

    /// <summary>The board's end.</summary>
    public DeviceEnd Device { get; }

    /// <summary>Blocks until the device has written something for the host, or the cable is cut (for servers that must not hold a read).</summary>
    internal void WaitForDataToHost(CancellationToken cancellationToken) => toHost.WaitUntilReadable(cancellationToken);

    /// <summary>Cuts the cable: the host's next read or write fails with <see cref="SerialPortLostException"/>.</summary>
    public void Disconnect()
    {
        toDevice.Close();
        toHost.Close();
        Device.RaiseDisconnected();
    }

    /// <summary>The board's side of the cable.</summary>
    public sealed class DeviceEnd
    {
        private readonly VirtualSerialLink link;

        internal DeviceEnd(VirtualSerialLink link) => this.link = link;

        /// <summary>Raised on the host's thread whenever DTR or RTS changes: (dtr, rts) after the change.</summary>
        public event Action<bool, bool>? ModemLinesChanged;

        /// <summary>Raised on the host's thread when the host changes baud rate or data bits.</summary>
        public event Action<int, int>? LineSettingsChanged;

        /// <summary>Raised when the host closes its port or the cable is cut.</summary>
        public event Action? Disconnected;

        public int HostBaudRate => ((HostPort)link.Host).CurrentBaud;

        public int HostDataBits => ((HostPort)link.Host).CurrentDataBits;

        public bool Dtr => ((HostPort)link.Host).Dtr;

        public bool Rts => ((HostPort)link.Host).Rts;

        public bool HostClosed => link.toDevice.IsClosed;

        /// <summary>Bytes the host wrote; 0 on timeout, -1 once the host closed the port.</summary>
        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken) =>
            link.toDevice.Read(buffer, offset, count, timeout, cancellationToken);

        public void Write(ReadOnlySpan<byte> data) => link.toHost.Write(data);

        internal void RaiseModemLines(bool dtr, bool rts) => ModemLinesChanged?.Invoke(dtr, rts);

        internal void RaiseLineSettings(int baud, int dataBits) => LineSettingsChanged?.Invoke(baud, dataBits);

        internal void RaiseDisconnected() => Disconnected?.Invoke();
    }

    private sealed class HostPort : ISerialPort
    {
        private readonly VirtualSerialLink link;
        private readonly object lines = new();
        private int baud;
        private int dataBits = 8;
        private bool dtr;
        private bool rts;
        private bool disposed;

        public HostPort(VirtualSerialLink link, string portName, int baudRate)
        {
            this.link = link;
            PortName = portName;
            baud = baudRate;
        }

        public string PortName { get; }

        internal int CurrentBaud => Volatile.Read(ref baud);

        internal int CurrentDataBits => Volatile.Read(ref dataBits);

        internal bool Dtr
        {
            get
            {
                lock (lines)
                {
                    return dtr;
                }
            }
        }

        internal bool Rts
        {
            get
            {
                lock (lines)
                {
                    return rts;
                }
            }
        }

        public int BaudRate
        {
            get => CurrentBaud;
            set
            {
                Volatile.Write(ref baud, value);
                link.Device.RaiseLineSettings(value, CurrentDataBits);
            }
        }

        public int DataBits
        {
            get => CurrentDataBits;
            set
            {
                if (value < 5 || value > 8)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "Data bits must be 5 to 8.");
                }

                Volatile.Write(ref dataBits, value);
                link.Device.RaiseLineSettings(CurrentBaud, value);
            }
        }

        public bool DtrEnable
        {
            get => Dtr;
            set => SetModemLines(value, Rts);
        }

        public bool RtsEnable
        {
            get => Rts;
            set => SetModemLines(Dtr, value);
        }

        public bool SupportsModemLines => true;

        public void SetModemLines(bool dtr, bool rts)
        {
            bool changed;
            lock (lines)
            {
                changed = this.dtr != dtr || this.rts != rts;
                this.dtr = dtr;
                this.rts = rts;
            }

            if (changed)
            {
                link.Device.RaiseModemLines(dtr, rts);
            }
        }

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            int n = link.toHost.Read(buffer, offset, count, timeout, cancellationToken);
            if (n < 0)
            {
                throw new SerialPortLostException(PortName, "the virtual cable was disconnected");
            }

            return n;
        }

        public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            if (link.toDevice.IsClosed)
            {
                throw new SerialPortLostException(PortName, "the virtual cable was disconnected");
            }

            link.toDevice.Write(buffer.AsSpan(offset, count));
        }

        // Bytes are delivered the moment they are written; a simulator that models wire time does so on its side.
        public void Drain(CancellationToken cancellationToken) => ThrowIfDisposed();

        public void DiscardInput() => link.toHost.Clear();

        public void DiscardOutput()
        {
            // Written bytes are already with the device: there is no output buffer to drop.
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            link.toDevice.Close();
            link.Device.RaiseDisconnected();
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
