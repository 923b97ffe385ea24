using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// A serial port at the far end of a TCP connection. One background thread receives, so a read can wait with
    /// a timeout and a cancellation token without polling and without abandoning a pending socket read; the
    /// subclass decides what received bytes mean (raw data, or Telnet with data and commands interleaved).
    /// </summary>
    internal abstract class NetworkSerialPort : ISerialPort
    {
        private readonly TcpClient client;
        private readonly NetworkStream stream;
        private readonly Thread receiver;
        private readonly object writeGate = new object();
        private volatile bool disposed;

        protected NetworkSerialPort(string portName, TcpClient client)
        {
            PortName = portName;
            this.client = client;
            client.NoDelay = true;
            stream = client.GetStream();
            receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "FirmwareTools serial receive " + portName };
        }

        public string PortName { get; }

        public abstract int BaudRate { get; set; }

        public abstract int DataBits { get; set; }

        public abstract bool DtrEnable { get; set; }

        public abstract bool RtsEnable { get; set; }

        public abstract bool SupportsModemLines { get; }

        protected ReceiveBuffer Received { get; } = new ReceiveBuffer();

        protected bool IsDisposed => disposed;

        public abstract void SetModemLines(bool dtr, bool rts);

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            if (count == 0)
            {
                return 0;
            }

            int n = Received.Read(buffer, offset, count, timeout, cancellationToken, out string? closedBecause);
            if (n < 0)
            {
                throw new SerialPortLostException(PortName, closedBecause ?? "the connection ended");
            }

            return n;
        }

        public abstract void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

        // A TCP socket hands bytes to the kernel on Write; there is no way to learn when the far UART sent them.
        public virtual void Drain(CancellationToken cancellationToken) => ThrowIfDisposed();

        public virtual void DiscardInput() => Received.Clear();

        public virtual void DiscardOutput()
        {
            // Bytes already given to the socket cannot be recalled.
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            Received.Close("the port was closed");
            client.Dispose();
            if (receiver.IsAlive && Thread.CurrentThread != receiver)
            {
                receiver.Join();
            }
        }

        protected void StartReceiving() => receiver.Start();

        /// <summary>Called on the receive thread with each chunk the socket delivered.</summary>
        protected abstract void OnReceived(byte[] data, int count);

        /// <summary>Called on the receive thread once the connection ended (after the buffer was closed).</summary>
        protected virtual void OnConnectionEnded()
        {
        }

        protected void Send(byte[] data, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                lock (writeGate)
                {
                    stream.Write(data, offset, count);
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || (e is ObjectDisposedException && !disposed))
            {
                throw new SerialPortLostException(PortName, "the connection to the server broke: " + e.Message, e);
            }
        }

        protected void ThrowIfDisposed()
        {
            if (disposed)
            {
                throw new ObjectDisposedException(PortName);
            }
        }

        private void ReceiveLoop()
        {
            var chunk = new byte[16384];
            string reason;
            try
            {
                while (true)
                {
                    int n = stream.Read(chunk, 0, chunk.Length);
                    if (n == 0)
                    {
                        reason = "the server closed the connection";
                        break;
                    }

                    OnReceived(chunk, n);
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
            {
                reason = disposed ? "the port was closed" : "the connection to the server broke: " + e.Message;
            }

            Received.Close(reason);
            OnConnectionEnded();
        }
    }
}
