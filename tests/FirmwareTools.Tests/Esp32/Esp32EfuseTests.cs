using FirmwareTools.Protocols.Esp32;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

public class Esp32EfuseTests
{
    [Fact]
    public void Seed_mac_decodes_from_words_1_and_2()
    {
        // docs/protocols/esp32-rom-loader.md §4.3: 30:ae:a4:00:86:68 => w1 = 0xA4008668, w2 low 16 bits = 0x30AE (CRC in bits 16-23 ignored).
        Assert.Equal("30:ae:a4:00:86:68", Esp32Efuse.Mac(0xA4008668, 0x00AB30AE));
    }

    [Theory]
    [InlineData(0u, 0u, 0u, 0)]
    [InlineData(1u << 15, 0u, 0u, 1)]
    [InlineData(1u << 15, 1u << 20, 0u, 2)]
    [InlineData(1u << 15, 1u << 20, 1u << 31, 3)]
    [InlineData(0u, 1u << 20, 0u, 0)]
    public void Major_revision_combines_three_bits(uint w3, uint w5, uint apb, int major)
    {
        var words = new uint[7];
        words[3] = w3;
        words[5] = w5;
        Assert.Equal(major, Esp32Efuse.Decode(Esp32Protocol.Esp32ChipMagic, words, apb, 347, 115200).MajorRevision);
    }

    [Fact]
    public void Package_single_core_and_features()
    {
        var words = new uint[7];
        words[3] = 1 | (1u << 9) | (1u << 13) | (1u << 12); // single core, package 1, 160 MHz
        words[5] = 2u << 24; // minor 2
        Esp32ChipInfo info = Esp32Efuse.Decode(Esp32Protocol.Esp32ChipMagic, words, 0, 347, 115200);
        Assert.Equal("ESP32-S0WD (revision v0.2)", info.Description);
        Assert.Contains("Single Core", info.Features);
        Assert.Contains("160MHz", info.Features);
        Assert.Contains("BT", info.Features);
        Assert.Equal(40, info.CrystalMhz);
        Assert.False(info.CrystalEstimateUnusual);
    }

    [Theory]
    [InlineData(347u, 115200, 40, false)]
    [InlineData(226u, 115200, 26, false)]
    [InlineData(300u, 115200, 40, true)]
    public void Crystal_snaps_to_26_40_48(uint div, int baud, int mhz, bool unusual)
    {
        Assert.Equal((mhz, unusual), Esp32Efuse.Crystal(div, baud));
    }

    [Fact]
    public void Spi_pads_pack_when_configured()
    {
        Assert.Equal(0u, Esp32Efuse.SpiPads(0, 0));
        uint w5 = 6 | (17u << 5) | (8u << 10) | (16u << 15);
        uint w3 = 11u << 4;
        Assert.Equal(11u << 24 | 16u << 18 | 8u << 12 | 17u << 6 | 6u, Esp32Efuse.SpiPads(w3, w5));
    }

    [Theory]
    [InlineData(0x1640EFu, 4L * 1024 * 1024)]
    [InlineData(0x1840C8u, 16L * 1024 * 1024)]
    [InlineData(0x15701Fu, null)]
    [InlineData(0x00461Fu, 2L * 1024 * 1024)]
    [InlineData(0x9940EFu, null)]
    public void Flash_size_from_jedec(uint id, long? size)
    {
        Assert.Equal(size, Esp32Protocol.FlashSizeFromJedec(id));
    }

    [Fact]
    public void Rom_error_codes_have_names_and_messages()
    {
        Assert.Equal("ChecksumError", Esp32RomErrors.Name(0x07));
        Assert.Equal("0x42", Esp32RomErrors.Name(0x42));
        Assert.Contains("Adler-32", Esp32RomErrors.Describe(0x0C));
        foreach (Esp32RomError code in Enum.GetValues<Esp32RomError>())
        {
            Assert.NotEqual("unknown ROM error code", Esp32RomErrors.Describe((byte)code));
        }
    }
}
