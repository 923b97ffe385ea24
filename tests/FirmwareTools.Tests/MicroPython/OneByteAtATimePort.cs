using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Tests.MicroPython;

/// <summary>A port whose reads return at most one byte: a board whose output trickles in byte by byte, deterministically.</summary>
internal sealed class OneByteAtATimePort(ISerialPort inner) : ISerialPort
{
    public string PortName => inner.PortName;

    public int BaudRate { get => inner.BaudRate; set => inner.BaudRate = value; }

    public int DataBits { get => inner.DataBits; set => inner.DataBits = value; }

    public bool DtrEnable { get => inner.DtrEnable; set => inner.DtrEnable = value; }

    public bool RtsEnable { get => inner.RtsEnable; set => inner.RtsEnable = value; }

    public bool SupportsModemLines => inner.SupportsModemLines;

    public int Reads { get; private set; }

    public void SetModemLines(bool dtr, bool rts) => inner.SetModemLines(dtr, rts);

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Reads++;
        return inner.Read(buffer, offset, Math.Min(1, count), timeout, cancellationToken);
    }

    public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.Write(buffer, offset, count, cancellationToken);

    public void Drain(CancellationToken cancellationToken) => inner.Drain(cancellationToken);

    public void DiscardInput() => inner.DiscardInput();

    public void DiscardOutput() => inner.DiscardOutput();

    public void Dispose() => inner.Dispose();
}
