using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Rp2;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// The npm package uf2 2.0.0 (wokwi/uf2), a UF2 codec nobody here wrote, decodes every UF2 shape our writer produces and
/// the tests feed the virtual Picos (tests/peers/uf2-decode.js), and its encoder writes an RP2040 file our reader must
/// accept page for page. Its family table knows RP2040 only, so RP2350 family names are checked as absent, ids as equal.
/// </summary>
public sealed class Uf2PeerTests : IDisposable
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    private readonly string workDirectory = Directory.CreateTempSubdirectory("uf2-peer-").FullName;

    public static TheoryData<string> Shapes() => new() { "rp2040", "rp2040-odd-length", "rp2040-reordered", "rp2350-with-e10", "rp2350-riscv" };

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_uf2_package_decodes_every_block_as_our_reader_does(string shape)
    {
        byte[] file = Shape(shape);
        string path = Path.Combine(workDirectory, shape + ".uf2");
        File.WriteAllBytes(path, file);
        NodePeer.RequirePackage("uf2");

        NodeRun run = NodePeer.Run("uf2-decode.js", [path], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] theirs = run.Result.GetProperty("blocks").EnumerateArray().ToArray();
        Uf2File ours = Uf2File.Parse(file, path);
        Assert.Equal(ours.Blocks.Count, theirs.Length);
        for (int i = 0; i < theirs.Length; i++)
        {
            Uf2Block block = ours.Blocks[i].Block;
            Assert.Equal((uint)block.Flags, theirs[i].GetProperty("flags").GetUInt32());
            Assert.Equal(block.TargetAddress, theirs[i].GetProperty("address").GetUInt32());
            Assert.Equal(block.PayloadSize, theirs[i].GetProperty("payloadSize").GetInt32());
            Assert.Equal(block.BlockNumber, theirs[i].GetProperty("blockNumber").GetUInt32());
            Assert.Equal(block.BlockCount, theirs[i].GetProperty("totalBlocks").GetUInt32());
            Assert.Equal(block.FamilyIdOrFileSize, theirs[i].GetProperty("family").GetUInt32());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(block.GetPayload())), theirs[i].GetProperty("payloadSha256").GetString());
            JsonElement name = theirs[i].GetProperty("familyName");
            if (block.FamilyId == Uf2Family.Rp2040)
            {
                Assert.Equal("Raspberry Pi RP2040", name.GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, name.ValueKind);
            }
        }
    }

    [Fact]
    public void A_file_the_uf2_package_encodes_is_accepted_page_for_page()
    {
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 70000, seed: 5);
        string bin = Path.Combine(workDirectory, "image.bin");
        string uf2 = Path.Combine(workDirectory, "theirs.uf2");
        File.WriteAllBytes(bin, image);
        NodePeer.RequirePackage("uf2");

        NodeRun run = NodePeer.Run("uf2-decode.js", ["--encode", uf2, bin, "0x10000000"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Uf2Family.Rp2040, run.Result.GetProperty("family").GetUInt32());
        byte[] theirs = File.ReadAllBytes(uf2);
        Assert.Equal(Uf2Writer.Write(image, 0x10000000, Uf2Family.Rp2040), theirs);
        Uf2FlashImage flash = Uf2FlashImage.Select(Uf2File.Read(uf2), new Uf2SelectOptions { Chip = Rp2Chip.Rp2040 });
        Assert.Equal(274, flash.PageCount);
        Assert.Null(flash.BootProblem);
        for (int page = 0; page < flash.PageCount; page++)
        {
            byte[] expected = Enumerable.Repeat((byte)0xFF, 256).ToArray();
            image.AsSpan(page * 256, Math.Min(256, image.Length - (page * 256))).CopyTo(expected);
            Assert.Equal(expected, flash.GetPage(0x10000000u + (uint)(page * 256)));
        }
    }

    /// <summary>The UF2 shapes the tests write or accept: odd lengths, reordered blocks, the RP2350 E10 block, RISC-V.</summary>
    internal static byte[] Shape(string shape) => shape switch
    {
        "rp2040" => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 64 * 1024),
        "rp2040-odd-length" => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 5000, seed: 2),
        "rp2040-reordered" => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 8192, seed: 3).Chunk(512).Reverse().SelectMany(b => b).ToArray(),
        "rp2350-with-e10" => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 16 * 1024),
        "rp2350-riscv" => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 4096, familyId: Uf2Family.Rp2350RiscV),
        _ => throw new ArgumentException("unknown shape " + shape.ToString(CultureInfo.InvariantCulture), nameof(shape)),
    };
}
