using System.Text;

namespace FirmwareTools.Fuzz;

/// <summary>Ways of cutting one fuzz input into what a parser reads.</summary>
public static class FuzzInput
{
    /// <summary>
    /// Text as the module would receive it from a web server or a device: UTF-8, invalid sequences replaced (what
    /// Encoding.UTF8.GetString does with a body).
    /// </summary>
    public static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    /// <summary>
    /// Splits <paramref name="input"/> into records, each a 2-byte little-endian length and that many bytes (cut short
    /// at the end of the input). Lets one input stand for a sequence of device replies.
    /// </summary>
    public static List<byte[]> Records(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var records = new List<byte[]>();
        int offset = 0;
        while (input.Length - offset >= 2)
        {
            int length = input[offset] | (input[offset + 1] << 8);
            offset += 2;
            int take = Math.Min(length, input.Length - offset);
            records.Add(input.AsSpan(offset, take).ToArray());
            offset += take;
        }

        return records;
    }

    /// <summary>The inverse of <see cref="Records"/>, for writing seeds.</summary>
    public static byte[] JoinRecords(IEnumerable<byte[]> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var joined = new MemoryStream();
        foreach (byte[] record in records)
        {
            joined.WriteByte((byte)record.Length);
            joined.WriteByte((byte)(record.Length >> 8));
            joined.Write(record);
        }

        return joined.ToArray();
    }
}
