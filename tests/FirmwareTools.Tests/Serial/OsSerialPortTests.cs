using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Serial;
using Xunit;
using static FirmwareTools.Tests.Serial.SocketSerialPortTests;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// OS ports through the real System.IO.Ports (its Unix implementation and native shim) on a socat pseudo-terminal pair.
/// A pseudo-terminal has no modem lines, so the port reports SupportsModemLines false instead of failing.
/// </summary>
public sealed class OsSerialPortTests : IDisposable
{
    private readonly SocatPtyPair pair = new();

    public void Dispose() => pair.Dispose();

    [Theory]
    [InlineData(115200, 8)]
    [InlineData(921600, 8)]
    [InlineData(2000000, 8)]
    [InlineData(115200, 5)]
    public void A_pseudo_terminal_opens_with_these_settings_and_carries_bytes_both_ways(int baud, int dataBits)
    {
        using ISerialPort a = SerialPorts.Open(pair.A, new SerialPortSettings { BaudRate = baud, DataBits = dataBits });
        using ISerialPort b = SerialPorts.Open(pair.B);
        Assert.Equal(baud, a.BaudRate);
        Assert.Equal(dataBits, a.DataBits);
        Assert.Equal(pair.A, a.PortName);

        // 5-bit characters carry the low five bits only on a real UART; a pty passes whole bytes, so send values that fit.
        byte[] there = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        a.Write(there, 0, there.Length, CancellationToken.None);
        a.Drain(CancellationToken.None);
        Assert.Equal(there, ReadExactly(b, there.Length));

        byte[] back = [0x1F, 0x00, 0x15];
        b.Write(back, 0, back.Length, CancellationToken.None);
        Assert.Equal(back, ReadExactly(a, back.Length));
    }

    [Fact]
    public void Full_bytes_including_0xFF_pass_at_8_data_bits_and_a_baud_change_on_an_open_port()
    {
        using ISerialPort a = SerialPorts.Open(pair.A);
        using ISerialPort b = SerialPorts.Open(pair.B);
        a.BaudRate = 921600;
        Assert.Equal(921600, a.BaudRate);
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        a.Write(all, 0, all.Length, CancellationToken.None);
        Assert.Equal(all, ReadExactly(b, all.Length));
    }

    [Fact]
    public void A_pseudo_terminal_says_it_has_no_modem_lines_and_setting_them_does_not_fail()
    {
        using ISerialPort a = SerialPorts.Open(pair.A);
        Assert.False(a.SupportsModemLines);
        a.SetModemLines(true, true);
        Assert.True(a.DtrEnable);
        Assert.True(a.RtsEnable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Opening_for_the_esp32_loader_works_on_a_port_without_modem_control(bool linesUntouched)
    {
        // The ESP32 opens ask System.IO.Ports to open with both lines asserted (so it writes no change while opening);
        // a pseudo-terminal refuses that ioctl, and the port is opened again as System.IO.Ports opens it by default.
        var settings = linesUntouched ? new SerialPortSettings { LinesUntouched = true } : new SerialPortSettings { Dtr = false, Rts = false };
        using ISerialPort a = SerialPorts.Open(pair.A, settings);
        using ISerialPort b = SerialPorts.Open(pair.B);
        a.Write([0x55, 0xAA], 0, 2, CancellationToken.None);
        var got = new byte[2];
        int n = 0;
        while (n < 2)
        {
            int r = b.Read(got, n, 2 - n, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.True(r > 0, "nothing arrived");
            n += r;
        }

        Assert.Equal([0x55, 0xAA], got);
        Assert.False(a.SupportsModemLines);
    }

    [Fact]
    public void Read_times_out_with_zero_and_honours_cancellation()
    {
        using ISerialPort a = SerialPorts.Open(pair.A);
        var buffer = new byte[8];
        Assert.Equal(0, a.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(30), CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => a.Read(buffer, 0, buffer.Length, Timeout.InfiniteTimeSpan, cancel.Token));
    }

    [Fact]
    public void DiscardInput_drops_what_arrived_before_it()
    {
        using ISerialPort a = SerialPorts.Open(pair.A);
        using ISerialPort b = SerialPorts.Open(pair.B);
        b.Write("old"u8.ToArray(), 0, 3, CancellationToken.None);
        WaitUntilBuffered((OsSerialPort)a, 3);
        a.DiscardInput();
        Assert.Equal(0, ((OsSerialPort)a).BytesToRead);
        b.Write("new"u8.ToArray(), 0, 3, CancellationToken.None);
        Assert.Equal("new"u8.ToArray(), ReadExactly(a, 3));
    }

    [Fact]
    public void A_missing_device_is_SerialPortNotFound_naming_it()
    {
        string name = "/dev/ttyFirmwareToolsNoSuchPort";
        var e = Catalogued.Throws("SerialPortNotFound", () => SerialPorts.Open(name));
        Assert.Equal("SerialPortNotFound", e.ErrorId);
        Assert.Equal(name, e.Target);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("Get-SerialPort", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_far_end_going_away_is_SerialPortLost_or_end_of_data()
    {
        using ISerialPort a = SerialPorts.Open(pair.A);
        pair.Dispose();
        var buffer = new byte[8];
        Assert.Throws<SerialPortLostException>(() => ReadUntilLost(a, buffer));
    }

    private static void ReadUntilLost(ISerialPort port, byte[] buffer)
    {
        // A pty whose other side closed reports EIO/hang-up; keep reading until the backend reports it.
        for (int i = 0; i < 1000; i++)
        {
            port.Read(buffer, 0, buffer.Length, TimeSpan.FromSeconds(5), CancellationToken.None);
        }
    }

    private static void WaitUntilBuffered(OsSerialPort port, int count)
    {
        // The pty pair has no "arrived" event; look until the driver holds the bytes (the deadline only bounds a hang).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (port.BytesToRead < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"only {port.BytesToRead} of {count} bytes arrived");
            Thread.Sleep(5);
        }
    }
}
