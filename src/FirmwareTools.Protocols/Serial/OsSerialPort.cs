using System;
using System.IO;
using System.IO.Ports;
using System.Runtime.CompilerServices;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// An OS serial port (COM5, /dev/ttyUSB0, /dev/cu.usbserial-0001) through System.IO.Ports. Whether DTR/RTS
    /// exist is probed when opening (a pseudo-terminal answers the modem-status ioctl with ENOTTY): without
    /// them <see cref="SupportsModemLines"/> is false and line changes are remembered but not sent, as the seam says.
    /// </summary>
    internal sealed class OsSerialPort : ISerialPort
    {
        // Reads block in the driver for at most this long before the cancellation token is looked at again.
        private static readonly TimeSpan CancellationCheckInterval = TimeSpan.FromMilliseconds(200);

        private readonly SerialPort port;
        private bool dtr;
        private bool rts;
        private bool disposed;

        private OsSerialPort(SerialPort port, bool supportsModemLines)
        {
            this.port = port;
            SupportsModemLines = supportsModemLines;
        }

        public string PortName => port.PortName;

        public int BaudRate
        {
            get => port.BaudRate;
            set => Configure($"baud rate {value}", () => port.BaudRate = value);
        }

        public int DataBits
        {
            get => port.DataBits;
            set
            {
                if (value < 5 || value > 8)
                {
                    throw SerialErrors.SettingNotSupported(PortName, $"{value} data bits", "data bits must be 5 to 8");
                }

                Configure($"{value} data bits", () => port.DataBits = value);
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

        public bool SupportsModemLines { get; }

        /// <summary>Bytes the driver holds for reading (for tests that must know input arrived before discarding it).</summary>
        internal int BytesToRead => port.BytesToRead;

        internal static ISerialPort Open(string name, SerialPortSettings settings)
        {
            SystemIoPortsResolver.EnsureRegistered();

            // Two programs reading one UART each get half the bytes, and a flash then fails as "no reply to SYNC":
            // name the other program before opening (the kernel's TIOCEXCL does not stop root, nor a program that set none).
            if (settings.LockDetector?.FindHolder(name) is PortHolder holder)
            {
                throw new SerialPortBusyException(name, holder);
            }

            try
            {
                return OpenCore(name, settings);
            }
            catch (SerialPortBusyException busy) when (settings.LockDetector != null)
            {
                // EBUSY: the holder set TIOCEXCL after we looked, or hides from us (another user's process, not root).
                throw settings.LockDetector.FindHolder(name) is PortHolder late ? new SerialPortBusyException(name, late, busy) : busy;
            }
        }

        /// <summary>
        /// System.IO.Ports sets DTR and RTS with one ioctl each; two assignments back to back are as close as
        /// its API gets to esptool's single TIOCMSET. Their order is <see cref="ModemLineOrder"/>'s, so the pair never
        /// passes through a reset state on the way.
        /// </summary>
        public void SetModemLines(bool dtr, bool rts)
        {
            ThrowIfDisposed();
            if (SupportsModemLines)
            {
                try
                {
                    if (ModemLineOrder.RtsFirst(port.DtrEnable, port.RtsEnable, dtr, rts))
                    {
                        port.RtsEnable = rts;
                    }

                    if (port.DtrEnable != dtr)
                    {
                        port.DtrEnable = dtr;
                    }

                    if (port.RtsEnable != rts)
                    {
                        port.RtsEnable = rts;
                    }
                }
                catch (IOException e)
                {
                    throw SerialErrors.SettingNotSupported(PortName, "DTR/RTS", e.Message, e);
                }
                catch (InvalidOperationException e)
                {
                    throw new SerialPortLostException(PortName, e.Message, e);
                }
            }

            this.dtr = dtr;
            this.rts = rts;
        }

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            DateTime deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan left = deadline == DateTime.MaxValue ? CancellationCheckInterval : deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero)
                {
                    return 0;
                }

                // Blocks in the driver until a byte arrives or the slice ends; 0 ms still takes what is buffered.
                port.ReadTimeout = (int)Math.Ceiling(Math.Min(left.TotalMilliseconds, CancellationCheckInterval.TotalMilliseconds));
                try
                {
                    return port.Read(buffer, offset, count);
                }
                catch (TimeoutException)
                {
                    if (deadline != DateTime.MaxValue && DateTime.UtcNow >= deadline)
                    {
                        return 0;
                    }
                }
                catch (Exception e) when (e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException)
                {
                    throw new SerialPortLostException(PortName, e.Message, e);
                }
            }
        }

        public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                port.Write(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException)
            {
                throw new SerialPortLostException(PortName, e.Message, e);
            }
        }

        public void Drain(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            try
            {
                // Flush() waits until the driver has sent everything (tcdrain on Unix, FlushFileBuffers on Windows).
                port.BaseStream.Flush();
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException)
            {
                throw new SerialPortLostException(PortName, e.Message, e);
            }
        }

        public void DiscardInput()
        {
            ThrowIfDisposed();
            port.DiscardInBuffer();
        }

        public void DiscardOutput()
        {
            ThrowIfDisposed();
            port.DiscardOutBuffer();
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            port.Dispose();
        }

        // Kept out of line so the resolver is registered before the JIT needs the SerialPort type.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ISerialPort OpenCore(string name, SerialPortSettings settings)
        {
            // System.IO.Ports writes DTR, then RTS, as it opens the port; Linux's open has just asserted both. Opening
            // with both asserted makes those writes no change, so the pair never passes through (DTR off, RTS on), which
            // resets a board on the DevKit circuit; the lines asked for are set afterwards in a safe order. A port without
            // modem control refuses that write (ENOTTY, which System.IO.Ports only tolerates for released lines): it has
            // no lines to glitch, so it is opened again as System.IO.Ports opens it by default.
            bool asserted = settings.LinesUntouched || settings.Dtr.HasValue || settings.Rts.HasValue;
            SerialPort port = Create(name, settings, asserted);
            try
            {
                port.Open();
            }
            catch (IOException) when (asserted)
            {
                port.Dispose();
                port = Create(name, settings, false);
                try
                {
                    port.Open();
                }
                catch (Exception e)
                {
                    port.Dispose();
                    throw OpenFailure(name, e);
                }
            }
            catch (Exception e)
            {
                port.Dispose();
                throw OpenFailure(name, e);
            }

            bool modemLines = ProbeModemLines(port);
            var opened = new OsSerialPort(port, modemLines);
            if (!settings.LinesUntouched && (settings.Dtr.HasValue || settings.Rts.HasValue))
            {
                opened.SetModemLines(settings.Dtr ?? false, settings.Rts ?? false);
            }

            return opened;
        }

        private static SerialPort Create(string name, SerialPortSettings settings, bool linesAsserted) => new SerialPort(name)
        {
            BaudRate = settings.BaudRate,
            DataBits = settings.DataBits,
            Parity = ToParity(settings.Parity),
            StopBits = ToStopBits(settings.StopBits),
            Handshake = Handshake.None,
            ReadBufferSize = 1 << 16,
            DtrEnable = linesAsserted,
            RtsEnable = linesAsserted,
        };

        private static bool ProbeModemLines(SerialPort port)
        {
            try
            {
                _ = port.CtsHolding;
                return true;
            }
            catch (IOException)
            {
                // ENOTTY ("Inappropriate ioctl for device"): a pseudo-terminal or a driver without modem control.
                return false;
            }
        }

        private static Exception OpenFailure(string name, Exception e)
        {
            string detail = e.Message;
            bool windows = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
            if (!windows && e is UnauthorizedAccessException && e.InnerException is IOException posix)
            {
                // System.IO.Ports on Unix wraps every open(2)/ioctl failure in UnauthorizedAccessException; the inner
                // IOException carries errno as its HResult and strerror as its message.
                detail = posix.Message;
                switch (posix.HResult)
                {
                    case Errno.ENOENT:
                    case Errno.ENXIO:
                    case Errno.ENODEV:
                        return SerialErrors.PortNotFound(name, detail, SerialPortLister.TryListNames(), e);
                    case Errno.EBUSY:
                        return new SerialPortBusyException(name, detail, e);
                    case Errno.EACCES:
                    case Errno.EPERM:
                        return SerialErrors.AccessDenied(name, detail, e);
                }
            }

            switch (e)
            {
                case FileNotFoundException:
                case DirectoryNotFoundException:
                    return SerialErrors.PortNotFound(name, detail, SerialPortLister.TryListNames(), e);
                case UnauthorizedAccessException:
                    // Windows reports a port held by another program as access denied; POSIX reports EACCES for permissions.
                    return windows
                        ? new SerialPortBusyException(name, detail, e)
                        : SerialErrors.AccessDenied(name, detail, e);
                case ArgumentOutOfRangeException:
                    return SerialErrors.SettingNotSupported(name, "these line settings", detail, e);
                case ArgumentException:
                    return SerialErrors.InvalidPortName(name, detail, e);
                case IOException io when IsBusy(io):
                    return new SerialPortBusyException(name, detail, e);
                case IOException when !File.Exists(name) && !name.StartsWith("COM", StringComparison.OrdinalIgnoreCase):
                    return SerialErrors.PortNotFound(name, detail, SerialPortLister.TryListNames(), e);
                default:
                    return SerialErrors.PortNotFound(name, detail, SerialPortLister.TryListNames(), e);
            }
        }

        /// <summary>POSIX error numbers that mean the same on Linux and macOS.</summary>
        private static class Errno
        {
            public const int EPERM = 1;
            public const int ENOENT = 2;
            public const int ENXIO = 6;
            public const int EACCES = 13;
            public const int EBUSY = 16;
            public const int ENODEV = 19;
        }

        private static bool IsBusy(IOException e) =>
            e.Message.IndexOf("busy", StringComparison.OrdinalIgnoreCase) >= 0 ||
            e.Message.IndexOf("in use", StringComparison.OrdinalIgnoreCase) >= 0 ||
            e.Message.IndexOf("lock", StringComparison.OrdinalIgnoreCase) >= 0;

        private static Parity ToParity(SerialParity parity) => parity switch
        {
            SerialParity.Odd => Parity.Odd,
            SerialParity.Even => Parity.Even,
            SerialParity.Mark => Parity.Mark,
            SerialParity.Space => Parity.Space,
            _ => Parity.None,
        };

        private static StopBits ToStopBits(SerialStopBits stopBits) => stopBits switch
        {
            SerialStopBits.Two => StopBits.Two,
            SerialStopBits.OnePointFive => StopBits.OnePointFive,
            _ => StopBits.One,
        };

        private void Configure(string setting, Action apply)
        {
            ThrowIfDisposed();
            try
            {
                apply();
            }
            catch (Exception e) when (e is IOException || e is ArgumentOutOfRangeException)
            {
                throw SerialErrors.SettingNotSupported(PortName, setting, e.Message, e);
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
