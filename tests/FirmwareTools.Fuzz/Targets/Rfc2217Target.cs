using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// What an RFC 2217 server (ser2net, sredird) sends: the Telnet receive parser of rfc2217:// ports. The data that comes
/// out is the input with IAC IAC unescaped and commands removed, whatever the chunking (whole, byte by byte, in three
/// pieces); data before a COM-PORT-OPTION reply is handed over before the reply; blocks stay bounded; and data escaped
/// again reads back as itself with no commands.
/// </summary>
public sealed class Rfc2217Target : IFuzzTarget
{
    public string Name => "rfc2217";

    public string Description => "TelnetReceiveParser (rfc2217:// data, WILL/WONT/DO/DONT, IAC SB ... IAC SE) in any chunking";

    public void Run(byte[] input)
    {
        Log whole = Parse(input, input.Length);
        BrokenPromiseException.Check(whole.Data.Count <= input.Length, "data is never longer than what arrived");
        BrokenPromiseException.Check(whole.Blocks.All(b => b.Block.Length <= TelnetReceiveParser.MaxSubnegotiation), "subnegotiation blocks are bounded");
        BrokenPromiseException.Check(!input.Contains(Rfc2217.IAC) == whole.Data.SequenceEqual(input), "a stream without IAC is all data");

        foreach (int chunk in new[] { 1, Math.Max(1, input.Length / 3) })
        {
            Log sliced = Parse(input, chunk);
            BrokenPromiseException.Check(sliced.Same(whole), $"chunks of {chunk} bytes read the same as the whole stream");
        }

        var escaped = new List<byte>();
        foreach (byte b in whole.Data)
        {
            escaped.Add(b);
            if (b == Rfc2217.IAC)
            {
                escaped.Add(Rfc2217.IAC);
            }
        }

        Log again = Parse(escaped.ToArray(), escaped.Count);
        BrokenPromiseException.Check(again.Data.SequenceEqual(whole.Data) && again.Negotiations.Count == 0 && again.Blocks.Count == 0, "escaped data reads back as itself");
    }

    private static Log Parse(byte[] input, int chunk)
    {
        var log = new Log();
        var parser = new TelnetReceiveParser(
            (data, count) => log.Data.AddRange(data.Take(count)),
            (verb, option) => log.Negotiations.Add((verb, option)),
            block => log.Blocks.Add((log.Data.Count, block)));
        for (int offset = 0; offset < input.Length; offset += chunk)
        {
            int n = Math.Min(chunk, input.Length - offset);
            parser.Feed(input.AsSpan(offset, n).ToArray(), n);
        }

        return log;
    }

    private sealed class Log
    {
        public List<byte> Data { get; } = new();

        public List<(byte Verb, byte Option)> Negotiations { get; } = new();

        /// <summary>Each block with the count of data bytes handed over before it.</summary>
        public List<(int DataBefore, byte[] Block)> Blocks { get; } = new();

        public bool Same(Log other) =>
            Data.SequenceEqual(other.Data) && Negotiations.SequenceEqual(other.Negotiations) &&
            Blocks.Count == other.Blocks.Count && Blocks.Zip(other.Blocks).All(p => p.First.DataBefore == p.Second.DataBefore && p.First.Block.AsSpan().SequenceEqual(p.Second.Block));
    }
}
