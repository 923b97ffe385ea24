using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// Wraps a port so that the code under test closing it leaves the underlying link open: the virtual board then keeps
/// running after the install returns (its reset finishes on the link's thread), and the test can watch it boot.
/// </summary>
internal sealed class KeepOpenPort(ISerialPort inner) : ISerialPort
{
    public bool Disposed { get; private set; }

    public string PortName => inner.PortName;

    public int BaudRate { get => inner.BaudRate; set => inner.BaudRate = value; }

    public int DataBits { get => inner.DataBits; set => inner.DataBits = value; }

    public bool DtrEnable { get => inner.DtrEnable; set => inner.DtrEnable = value; }

    public bool RtsEnable { get => inner.RtsEnable; set => inner.RtsEnable = value; }

    public bool SupportsModemLines => inner.SupportsModemLines;

    public void SetModemLines(bool dtr, bool rts) => inner.SetModemLines(dtr, rts);

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken) => inner.Read(buffer, offset, count, timeout, cancellationToken);

    public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.Write(buffer, offset, count, cancellationToken);

    public void Drain(CancellationToken cancellationToken) => inner.Drain(cancellationToken);

    public void DiscardInput() => inner.DiscardInput();

    public void DiscardOutput() => inner.DiscardOutput();

    public void Dispose() => Disposed = true;
}
