using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// DFU GETSTATUS and GETSTATE replies as a device sends them: each record is one reply (short, long, stalled, any
/// state and status byte), read through DfuClient.GetStatus/GetState, and the whole input through DfuStatus.Parse.
/// </summary>
public sealed class DfuStatusTarget : IFuzzTarget
{
    public string Name => "dfu-status";

    public string Description => "DfuStatus.Parse and DfuClient.GetStatus/GetState over a device answering with the input";

    public void Run(byte[] input)
    {
        try
        {
            Check(DfuStatus.Parse(input, 0, input.Length), input);
        }
        catch (DfuProtocolException)
        {
            // A short reply, refused the project's way.
        }

        List<byte[]> records = FuzzInput.Records(input);
        var client = new DfuClient(new FuzzUsbDevice(records), 0, 0, DfuClient.DefaultTransferSize);
        for (int i = 0; i < records.Count; i++)
        {
            // Every reply is fed once as a status; every other one also as a state (one byte), as a device in any state is asked both.
            DfuStatus status = client.GetStatus();
            Check(status, records[i]);
            BrokenPromiseException.Check(client.LastStatus == status, "LastStatus is the reply just read");
            if (++i < records.Count)
            {
                _ = client.GetState();
            }
        }
    }

    private static void Check(DfuStatus status, byte[] reply)
    {
        BrokenPromiseException.Check(status.PollTimeout <= 0xFFFFFF, "bwPollTimeout is 24 bits");
        BrokenPromiseException.Check(status.ToBytes().AsSpan().SequenceEqual(reply.AsSpan(0, 6)), "the status writes back to its 6 bytes");
        _ = status.ToString();
        _ = status.IsError;
    }
}
