using System.Text;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Images;

public sealed class PycomOtadataTests
{
    [Fact]
    public void Reference_crc_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, OtadataReference.Crc32(Encoding.ASCII.GetBytes("123456789")));

    [Theory]
    [InlineData(true, 1_286_416u)]
    [InlineData(false, 0x1AE000u)]
    public void Record_matches_the_protocol_notes(bool bootOta0, uint imageSize)
    {
        byte[] record = PycomOtadata.Create(bootOta0, imageSize);

        Assert.Equal(0x1000, record.Length);
        Assert.Equal(OtadataReference.Expected(bootOta0, imageSize), record);
        Assert.Equal(bootOta0 ? 1u : 0u, BitConverter.ToUInt32(record, 0));
        Assert.Equal(imageSize, BitConverter.ToUInt32(record, 12));
        Assert.All(record[20..36], b => Assert.Equal(0xFF, b));
        Assert.All(record[40..], b => Assert.Equal(0xFF, b));
    }
}
