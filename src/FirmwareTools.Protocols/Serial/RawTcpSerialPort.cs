using System;
using System.Net.Sockets;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// <c>socket://host:port</c>: bytes over TCP and nothing else, as ser2net's raw mode and emulators (QEMU's
    /// <c>-serial tcp:</c>) expose a UART. Line settings are remembered but go nowhere; there are no modem lines.
    /// </summary>
    internal sealed class RawTcpSerialPort : NetworkSerialPort
    {
        private int baudRate;
        private int dataBits;

        internal RawTcpSerialPort(string portName, TcpClient client, SerialPortSettings settings)
            : base(portName, client)
        {
            baudRate = settings.BaudRate;
            dataBits = settings.DataBits;
            StartReceiving();
        }

        public override int BaudRate
        {
            get => baudRate;
            set => baudRate = value;
        }

        public override int DataBits
        {
            get => dataBits;
            set => dataBits = value;
        }

        public override bool DtrEnable { get; set; }

        public override bool RtsEnable { get; set; }

        public override bool SupportsModemLines => false;

        public override void SetModemLines(bool dtr, bool rts)
        {
            DtrEnable = dtr;
            RtsEnable = rts;
        }

        public override void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Send(buffer, offset, count, cancellationToken);

        protected override void OnReceived(byte[] data, int count) => Received.Write(data, 0, count);
    }
}
