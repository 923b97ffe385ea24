using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A serial port name as a user types it (COM5, /dev/ttyUSB0, socket://host:port, rfc2217://[::1]:2217): which kind it
/// is, the address of a network one (host and a port 1..65535, nothing after it, printed again it reads the same) and the
/// natural order Get-SerialPort sorts names in.
/// </summary>
public sealed class SerialUrlTarget : IFuzzTarget
{
    private static readonly string[] Others = { "COM5", "COM10", "/dev/ttyUSB0", "/dev/ttyACM1", "socket://127.0.0.1:4000" };

    public string Name => "serial-url";

    public string Description => "SerialPorts.IsNetworkPortName, ParseAddress (print, read back), NaturalPortNameComparer";

    public void Run(byte[] input)
    {
        string name = FuzzInput.Text(input);
        IComparer<string> order = NaturalPortNameComparer.Instance;
        BrokenPromiseException.Check(order.Compare(name, name) == 0, "a name sorts equal to itself");
        foreach (string other in Others)
        {
            BrokenPromiseException.Check(Math.Sign(order.Compare(name, other)) == -Math.Sign(order.Compare(other, name)), $"the order is antisymmetric against {other}");
        }

        if (!SerialPorts.IsNetworkPortName(name))
        {
            return;
        }

        (string host, int port) = SerialPorts.ParseAddress(name);
        BrokenPromiseException.Check(host.Length > 0 && port is > 0 and <= 65535, "an address has a host and a TCP port");
        string scheme = name.Substring(0, name.IndexOf("://", StringComparison.Ordinal));
        string again = $"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host)}:{port}";
        (string host2, int port2) = SerialPorts.ParseAddress(again);
        BrokenPromiseException.Check(SerialPorts.IsNetworkPortName(again) && port2 == port && string.Equals(host2, host, StringComparison.OrdinalIgnoreCase),
            $"an address prints and reads back: {again}");
    }
}
