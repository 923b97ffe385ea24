using FirmwareTools.Tests.Common;
using System.Formats.Tar;
using System.Security.Cryptography;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Images;

public sealed class PycomPackageTests : IDisposable
{
    private const long FourMB = 4L * 1024 * 1024;
    private const long EightMB = 8L * 1024 * 1024;

    /// <summary>The WiPy script of tag 1.6.13.b1 through the 1.7.9 merges (docs/protocols/esp32-rom-loader.md §10.1), the one 1.7.10.b1 should carry by date.</summary>
    private const string WiPyScriptV1 = """
        [
            ["e", "0x8000", "0x1000"],
            ["e", "0x110000", "0x1000"],
            ["e", "0x210000", "0x1000"],
            ["e", "0x320000", "0x1000"],
            ["e", "0x37F000", "0x1000"],
            ["w", "0x1000", "bootloader.bin"],
            ["w", "0x8000", "partitions.bin"],
            ["w", "0x10000", "wipy.bin"]
        ]
        """;

    private const string Script4MB = """
        {
          "version" : "2.1",
          "partitions" : {
            "factory"   : ["0x10000", "0x1AE000"],
            "ota_0"     : ["0x1C0000", "0x1AE000"],
            "otadata"   : ["0x1BE000", "0x1000"]
            },
          "script" : [
              ["w", "bootloader", "bootloader.bin"],
              ["w", "partitions", "partitions_4MB.bin"],
              ["w", "factory", "wipy.bin"]
            ]
        }
        """;

    private const string Script8MB = """
        {
          "version" : "2.1",
          "partitions" : {
            "factory"   : ["0x10000", "0xFF000"],
            "ota_0"     : ["0x110000", "0x2EF000"],
            "otadata"   : ["0x10F000", "0x1000"]
            },
          "script" : [
              ["w", "bootloader", "bootloader.bin"],
              ["w", "partitions", "partitions_8MB.bin"],
              ["w", "factory", "factory_fw.bin"],
              ["w", "ota_0", "wipy.bin"]
            ]
        }
        """;

    private static readonly Lazy<(byte[] Bootloader, byte[] Partitions, byte[] App, byte[] Tarball)> WiPy1710 = new(() =>
    {
        byte[] bootloader = Esp32TestImage.OfLength(12_896, seed: 10, hashAppended: false, mode: 0x00, sizeFrequency: 0x20);
        byte[] partitions = Esp32TestImage.PartitionTable(3_072);
        byte[] app = Esp32TestImage.OfLength(1_286_416, seed: 11, hashAppended: true, load: 0x3F400020);
        byte[] tarball = TestTarball.Package(("bootloader.bin", bootloader), ("partitions.bin", partitions), ("wipy.bin", app), ("script", TestTarball.Script(WiPyScriptV1)));
        return (bootloader, partitions, app, tarball);
    });

    private readonly string _dir = Directory.CreateTempSubdirectory("ft-pycom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Md5(byte[] data) => Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant();

    private static byte[] Bytes(PycomPlanStep step)
    {
        using Stream stream = step.OpenData()!;
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Small(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void WiPy_1_7_10_b1_shaped_package_reads_and_plans_like_the_updater()
    {
        (byte[] bootloader, byte[] partitions, byte[] app, byte[] tarball) = WiPy1710.Value;
        string path = Save("WiPy-1.7.10.b1.tar.gz", tarball);

        PycomPackage package = PycomPackage.Read(path);

        Assert.Equal(new[] { "bootloader.bin", "partitions.bin", "wipy.bin", "script" }, package.Members.Select(m => m.Name));
        Assert.Equal(new long[] { 12_896, 3_072, 1_286_416, WiPyScriptV1.Length }, package.Members.Select(m => m.Length));
        PycomScript script = Assert.Single(package.Scripts);
        Assert.Equal("1", script.Version);

        PycomFlashPlan plan = package.CreatePlan(FourMB);

        Assert.Equal("script", plan.Script.Name);
        Assert.Equal(
            new[] { "erase 0x8000-0x8FFF (0x8000)", "erase 0x110000-0x110FFF (0x110000)", "erase 0x210000-0x210FFF (0x210000)", "erase 0x320000-0x320FFF (0x320000)", "erase 0x37F000-0x37FFFF (0x37F000)",
                    "write 0x1000 bootloader.bin (12896 bytes)", "write 0x8000 partitions.bin (3072 bytes)", "write 0x10000 wipy.bin (1286416 bytes)" },
            plan.Steps.Select(s => s.ToString()));
        string erased = Md5(Enumerable.Repeat((byte)0xFF, 0x1000).ToArray());
        Assert.All(plan.Steps.Take(5), s => Assert.Equal(erased, s.Md5));
        Assert.All(plan.Steps.Take(5), s => Assert.Null(s.OpenData()));

        // The bootloader goes out with Pycom's dio / 80m / detect (4 MB) written into its header; nothing else changes.
        byte[] expectedBootloader = (byte[])bootloader.Clone();
        expectedBootloader[2] = 0x02;
        expectedBootloader[3] = 0x2F;
        Assert.Equal(expectedBootloader, Bytes(plan.Steps[5]));
        Assert.Equal(Md5(expectedBootloader), plan.Steps[5].Md5);
        Assert.Contains("0x022f", plan.Steps[5].Note);
        Assert.Equal(partitions, Bytes(plan.Steps[6]));
        Assert.Equal(Md5(partitions), plan.Steps[6].Md5);
        Assert.Equal(app, Bytes(plan.Steps[7]));
        Assert.Equal(Md5(app), plan.Steps[7].Md5);
        Assert.True(plan.ConfigBlockKept);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Version_2_1_package_chooses_its_script_by_flash_size_and_adds_the_otadata_record()
    {
        byte[] bootloader = Esp32TestImage.OfLength(0x400, seed: 20, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        byte[] p4 = Esp32TestImage.PartitionTable(0xC00);
        byte[] p8 = Esp32TestImage.PartitionTable(0xC00);
        p8[40] = 0x42;
        byte[] factory = Esp32TestImage.OfLength(0x2000, seed: 21);
        byte[] wipy = Esp32TestImage.OfLength(0x3000, seed: 22).Concat(new byte[] { 0x5A }).ToArray(); // one byte past a word: padded with 0xFF
        byte[] tarball = TestTarball.Package(("bootloader.bin", bootloader), ("partitions_4MB.bin", p4), ("partitions_8MB.bin", p8), ("factory_fw.bin", factory), ("wipy.bin", wipy),
            ("script_4MB", TestTarball.Script(Script4MB)), ("script_8MB", TestTarball.Script(Script8MB)));
        PycomPackage package = PycomPackage.Read(new MemoryStream(tarball), "WiPy-1.20.2.r4.tar.gz");
        Assert.Equal(new[] { "script_8MB", "script_4MB" }, package.Scripts.Select(s => s.Name));

        PycomFlashPlan four = package.CreatePlan(FourMB);
        Assert.Equal("script_4MB", four.Script.Name);
        Assert.Equal(new[] { "write 0x1000 bootloader.bin (1024 bytes)", "write 0x8000 partitions_4MB.bin (3072 bytes)", "write 0x10000 wipy.bin (12292 bytes)", "write 0x1BE000 otadata record (4096 bytes)" },
            four.Steps.Select(s => s.ToString()));
        Assert.Equal(wipy.Concat(new byte[] { 0xFF, 0xFF, 0xFF }).ToArray(), Bytes(four.Steps[2]));
        Assert.Equal(OtadataReference.Expected(bootOta0: false, (uint)wipy.Length), Bytes(four.Steps[3]));
        byte[] patched = Bytes(four.Steps[0]);
        Assert.Equal(new byte[] { 0x02, 0x2F }, patched[2..4]);
        Assert.Equal(SHA256.HashData(patched.AsSpan(0, patched.Length - 32)), patched[^32..]);

        PycomFlashPlan eight = package.CreatePlan(EightMB);
        Assert.Equal("script_8MB", eight.Script.Name);
        Assert.Equal(new[] { "write 0x1000 bootloader.bin (1024 bytes)", "write 0x8000 partitions_8MB.bin (3072 bytes)", "write 0x10000 factory_fw.bin (8192 bytes)", "write 0x10F000 otadata record (4096 bytes)", "write 0x110000 wipy.bin (12292 bytes)" },
            eight.Steps.OrderBy(s => s.Offset).Select(s => s.ToString()));
        Assert.Equal(OtadataReference.Expected(bootOta0: true, (uint)wipy.Length), Bytes(eight.Steps.Single(s => s.Source == "otadata record")));
        Assert.Equal(new byte[] { 0x02, 0x3F }, Bytes(eight.Steps[0])[2..4]);

        // 16 MB: neither size-specific script applies and there is no script2 or script to fall back to.
        var e = Assert.Throws<PycomPackageException>(() => package.CreatePlan(16L * 1024 * 1024));
        Assert.Contains("none of which is for a board with 16 MiB", e.Message);
    }

    [Fact]
    public void Script2_is_the_fallback_and_an_8MB_layout_on_a_4MB_chip_is_refused()
    {
        const string script2For8MB = """
            {"version": "2.1", "partitions": {"ota_0": ["0x410000", "0x2EF000"]},
             "script": [["w", "bootloader", "bootloader.bin"], ["w", "ota_0", "app.bin"]]}
            """;
        byte[] tarball = TestTarball.Package(("bootloader.bin", Esp32TestImage.OfLength(0x400, seed: 30)), ("app.bin", Esp32TestImage.OfLength(0x1000, seed: 31)), ("script2", TestTarball.Script(script2For8MB)));
        PycomPackage package = PycomPackage.Read(new MemoryStream(tarball), "LoPy4.tar.gz");

        var e = Assert.Throws<PycomPackageException>(() => package.CreatePlan(FourMB));
        Assert.Equal("PycomPackageInvalid", e.ErrorId);
        Assert.Equal("script2", e.Entry);
        Assert.Equal("LoPy4.tar.gz", e.Target);
        Assert.Contains("reaches 0x410FFF, past the end of this board's 4 MiB flash", e.Message);

        PycomFlashPlan plan = package.CreatePlan(EightMB);
        Assert.Equal("script2", plan.Script.Name);
        Assert.Equal(0x410000u, plan.Steps[1].Offset);
        Assert.Equal("write 0x1BE000 otadata record (4096 bytes)".Replace("0x1BE000", "0x190000", StringComparison.Ordinal), plan.Steps[2].ToString());
    }

    [Fact]
    public void A_v1_write_past_the_flash_is_refused()
    {
        byte[] tarball = TestTarball.Package(("fs.img", Small(0x100, 32)), ("script", TestTarball.Script("""[["w", "0x700000", "fs.img"]]""")));
        PycomPackage package = PycomPackage.Read(new MemoryStream(tarball), "x.tar.gz");

        Assert.Throws<PycomPackageException>(() => package.CreatePlan(FourMB));
        Assert.Equal(0x700000u, Assert.Single(package.CreatePlan(EightMB).Steps).Offset);
    }

    [Fact]
    public void The_config_block_is_kept_unless_the_user_opts_in()
    {
        byte[] big = Small(0x20000, 40);
        const string script = """
            {"version": "2.1", "script": [["e", "all", "0x0"], ["e", "config", "0x0"], ["o", "0x3F0000", "big.bin"]]}
            """;
        byte[] tarball = TestTarball.Package(("big.bin", big), ("script2", TestTarball.Script(script)));
        PycomPackage package = PycomPackage.Read(new MemoryStream(tarball), "cb.tar.gz");

        PycomFlashPlan kept = package.CreatePlan(EightMB);

        Assert.Equal(new[] { "erase 0x0-0x3FEFFF (all)", "erase 0x400000-0x7FFFFF (all)", "write 0x3F0000 big.bin (61440 bytes)", "write 0x400000 big.bin (65536 bytes)" },
            kept.Steps.Select(s => s.ToString()));
        Assert.Equal(big[..0xF000], Bytes(kept.Steps[2]));
        Assert.Equal(big[0x10000..], Bytes(kept.Steps[3]));
        Assert.Equal(Md5(big[0x10000..]), kept.Steps[3].Md5);
        Assert.DoesNotContain(kept.Steps, s => s.Offset < 0x400000 && s.End > 0x3FF000);
        Assert.Equal(3, kept.Warnings.Count);
        Assert.Contains(kept.Warnings, w => w.Contains("config block 0x3FF000-0x3FFFFF left as it is", StringComparison.Ordinal));

        PycomFlashPlan included = package.CreatePlan(EightMB, new PycomPlanOptions { IncludeConfigBlock = true });
        Assert.Equal(new[] { "erase 0x0-0x7FFFFF (all)", "erase 0x3FF000-0x3FFFFF (config)", "write 0x3F0000 big.bin (131072 bytes)" }, included.Steps.Select(s => s.ToString()));
        Assert.Equal(big, Bytes(included.Steps[2]));
        Assert.False(included.ConfigBlockKept);
    }

    [Fact]
    public void Write_is_truncated_to_its_partition_and_overwrite_is_not()
    {
        const string script = """
            {"version": "2.1", "partitions": {"factory": ["0x10000", "0x2000"], "ota_0": ["0x20000", "0x2000"], "otadata": ["0x30000", "0x1000"]},
             "script": [["w", "factory", "app.bin"], ["o", "ota_0", "app.bin"]]}
            """;
        byte[] app = Esp32TestImage.OfLength(0x2000, seed: 50).Concat(Small(0x1000, 51)).ToArray(); // the image, then bytes the partition cannot take
        PycomPackage package = PycomPackage.Read(new MemoryStream(TestTarball.Package(("app.bin", app), ("script2", TestTarball.Script(script)))), "t.tar.gz");

        PycomFlashPlan plan = package.CreatePlan(FourMB);

        Assert.Equal(app[..0x2000], Bytes(plan.Steps[0]));
        Assert.Contains("truncated from 12288 to 8192 bytes", plan.Steps[0].Note);
        Assert.Equal(app, Bytes(plan.Steps[1]));
        Assert.Single(plan.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
        // ota_0 was written last: the record boots it, with the member's full size as the updater records it.
        Assert.Equal(OtadataReference.Expected(bootOta0: true, 0x3000), Bytes(plan.Steps[2]));
    }

    [Theory]
    [InlineData("""[["x", "0x1000", "a.bin"]]""", "unknown operation \"x\"")]
    [InlineData("""[["w", "0x1000", "missing.bin"]]""", "does not contain")]
    [InlineData("""[["w", "nowhere", "a.bin"]]""", "neither a known partition nor a hex offset")]
    [InlineData("""[["e", "0x1000", "lots"]]""", "not a hex number")]
    [InlineData("""[["w", "0x1000"]]""", "2 values")]
    [InlineData("""[["w", 4096, "a.bin"]]""", "JSON number")]
    [InlineData("""{"version": "3.0", "script": []}""", "version \"3.0\"")]
    [InlineData("""{"version": "2.1"}""", "no \"script\" list")]
    [InlineData("""{"version": "2.1", "script": [], "script": []}""", "twice")]
    [InlineData("""[["w", "0x1000", "a.bin"]""", "not valid JSON")]
    [InlineData("\"just text\"", "not a list of instructions")]
    public void Bad_scripts_are_refused_when_the_package_is_read(string script, string reason)
    {
        byte[] tarball = TestTarball.Package(("a.bin", Small(16, 60)), ("script", TestTarball.Script(script)));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "bad.tar.gz"));

        Assert.Equal("script", e.Entry);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("'bad.tar.gz'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[["w", "0x1800", "a.bin"]]""", "not on a 4 KiB sector boundary")]
    [InlineData("""[["e", "0x1000", "0x800"]]""", "whole 4 KiB sectors")]
    [InlineData("""[["w", "0x20000", "a.bin"], ["w", "0x21000", "a.bin"]]""", "over 'a.bin' at 0x20000-0x21FFF")]
    [InlineData("""[["w", "0x1000", "a.bin"]]""", "writes 'a.bin' to the bootloader, but it is not a valid ESP32 image")]
    [InlineData("""{"version": "2.1", "script": [["w", "ota_0", "a.bin"]]}""", "writes 'a.bin' to an app partition, but it is not a valid ESP32 image")]
    [InlineData("""[["w", "0x10000", "s3.bin"]]""", "it is an image for ESP32-S3")]
    public void Steps_that_would_destroy_neighbouring_data_are_refused_when_planning(string script, string reason)
    {
        byte[] s3 = Esp32TestImage.Build(new[] { (0x3FC88000u, new byte[64]) }, chipId: 9);
        string name = script.StartsWith('{') ? "script2" : "script";
        byte[] tarball = TestTarball.Package(("a.bin", Small(0x2000, 61)), ("s3.bin", s3), (name, TestTarball.Script(script)));
        PycomPackage package = PycomPackage.Read(new MemoryStream(tarball), "bad.tar.gz");

        var e = Assert.Throws<PycomPackageException>(() => package.CreatePlan(FourMB));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_without_any_script_is_refused()
    {
        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(TestTarball.Package(("wipy.bin", Small(64, 1)))), "noscript.tar.gz"));
        Assert.Contains("has no script", e.Message);
    }

    [Theory]
    [InlineData("../evil.bin", "'..'")]
    [InlineData("firmware/../../evil.bin", "'..'")]
    [InlineData("/etc/evil.bin", "absolute path")]
    [InlineData("C:/evil.bin", "absolute path")]
    [InlineData("..\\evil.bin", "'..'")]
    public void Entries_that_escape_the_folder_are_refused(string name, string reason)
    {
        byte[] tarball = TestTarball.Package(("script", TestTarball.Script("""[["w", "0x1000", "a.bin"]]""")), ("a.bin", Small(16, 2)), (name, Small(16, 3)));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "escape.tar.gz"));

        Assert.Equal(name, e.Entry);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("'escape.tar.gz'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "symbolic link")]
    [InlineData(TarEntryType.HardLink, "hard link")]
    [InlineData(TarEntryType.CharacterDevice, "character device")]
    [InlineData(TarEntryType.BlockDevice, "block device")]
    [InlineData(TarEntryType.Fifo, "FIFO")]
    public void Links_and_devices_are_refused(TarEntryType type, string reason)
    {
        byte[] tarball = TestTarball.Gzip(TestTarball.Tar(w =>
        {
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(TestTarball.Script("""[["w", "0x1000", "wipy.bin"]]""")) });
            var special = new UstarTarEntry(type, "wipy.bin");
            if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
            {
                special.LinkName = "/etc/shadow";
            }

            w.WriteEntry(special);
        }));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "links.tar.gz"));

        Assert.True(e.Entry == "wipy.bin", e.Message);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_size_field_is_refused_without_reading_or_allocating_the_entry()
    {
        byte[] tarball = TestTarball.Gzip(TestTarball.LyingHeader("wipy.bin", 1L << 33));
        var stream = new MemoryStream(tarball);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(stream, "huge.tar.gz"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("wipy.bin", e.Entry);
        Assert.Contains("claims 8589934592 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < PycomPackage.MaxEntryBytes / 4, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_entry_just_over_the_limit_is_refused_and_one_at_the_limit_is_not_refused_for_size()
    {
        var over = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(TestTarball.Gzip(TestTarball.LyingHeader("a.bin", PycomPackage.MaxEntryBytes + 1))), "over.tar.gz"));
        Assert.Contains("claims", over.Message, StringComparison.Ordinal);

        // At the limit the size is accepted and the reader goes on to read: the archive then ends early.
        var atLimit = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(TestTarball.Gzip(TestTarball.LyingHeader("a.bin", PycomPackage.MaxEntryBytes))), "limit.tar.gz"));
        Assert.DoesNotContain("claims", atLimit.Message, StringComparison.Ordinal);
        Assert.True(atLimit.Entry == "a.bin", atLimit.Message);
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        byte[] tarball = TestTarball.Package(("script", TestTarball.Script("""[["w", "0x1000", "a.bin"]]""")), ("a.bin", Small(16, 4)), ("./a.bin", Small(16, 5)));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "dup.tar.gz"));

        Assert.Equal("./a.bin", e.Entry);
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_is_refused_wherever_it_is_cut()
    {
        byte[] tarball = WiPy1710.Value.Tarball;
        foreach (int keep in new[] { tarball.Length / 2, tarball.Length - 4, tarball.Length - 1, 20 })
        {
            var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball[..keep]), "cut.tar.gz"));
            Assert.Contains("damaged or truncated", e.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<Exception>(e.InnerException);
        }
    }

    [Fact]
    public void A_corrupted_gzip_trailer_is_refused()
    {
        byte[] tarball = (byte[])WiPy1710.Value.Tarball.Clone();
        tarball[^6] ^= 0x01; // inside the CRC-32 of the trailer

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "crc.tar.gz"));
        Assert.Contains("damaged or truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_gzip_are_refused()
    {
        byte[] plainTar = TestTarball.Tar(w => w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(new byte[4]) }));
        foreach (byte[] notGzip in new[] { plainTar, "PK\u0003\u0004 not a tarball"u8.ToArray(), Esp32TestImage.OfLength(0x400, 1) })
        {
            var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(notGzip), "wipy.tar.gz"));
            Assert.Contains("not a gzip-compressed tar archive", e.Message, StringComparison.Ordinal);
            Assert.Null(e.Entry);
            Assert.Equal(FirmwareErrorKind.InvalidData, e.Kind);
        }
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error()
    {
        var e = Catalogued.Throws("FirmwareFileNotFound", () => PycomPackage.Read(Path.Combine(_dir, "nope.tar.gz")));
        Assert.Contains("nope.tar.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GNU_tar_package_with_dot_slash_names_reads_and_plans()
    {
        string source = Directory.CreateDirectory(Path.Combine(_dir, "pkg")).FullName;
        byte[] bootloader = Esp32TestImage.OfLength(0x800, seed: 70, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        byte[] partitions = Esp32TestImage.PartitionTable(0xC00);
        byte[] app = Esp32TestImage.OfLength(0x1230, seed: 71, hashAppended: false);
        File.WriteAllBytes(Path.Combine(source, "bootloader.bin"), bootloader);
        File.WriteAllBytes(Path.Combine(source, "partitions.bin"), partitions);
        File.WriteAllBytes(Path.Combine(source, "wipy.bin"), app);
        File.WriteAllText(Path.Combine(source, "script"), """[["e", "0x1000", "0x40000"], ["w", "0x1000", "bootloader.bin"], ["w", "0x8000", "partitions.bin"], ["w", "0x10000", "wipy.bin"]]""");
        TestTarball.RunGnuTar(source, "-czf", "../gnu.tar.gz", ".");

        PycomPackage package = PycomPackage.Read(Path.Combine(_dir, "gnu.tar.gz"));

        Assert.Equal(new[] { "bootloader.bin", "partitions.bin", "script", "wipy.bin" }, package.Members.Select(m => m.Name).Order());
        PycomFlashPlan plan = package.CreatePlan(FourMB);
        Assert.Equal(new[] { "erase 0x1000-0x40FFF (0x1000)", "write 0x1000 bootloader.bin (2048 bytes)", "write 0x8000 partitions.bin (3072 bytes)", "write 0x10000 wipy.bin (4656 bytes)" },
            plan.Steps.Select(s => s.ToString()));
        Assert.Equal(app, Bytes(plan.Steps[3]));
    }

    [Fact]
    public void GNU_tar_package_with_a_symlink_is_refused()
    {
        string source = Directory.CreateDirectory(Path.Combine(_dir, "links")).FullName;
        File.WriteAllText(Path.Combine(source, "script"), """[["w", "0x1000", "wipy.bin"]]""");
        File.CreateSymbolicLink(Path.Combine(source, "wipy.bin"), "/etc/passwd");
        TestTarball.RunGnuTar(source, "-czf", "../links.tar.gz", "script", "wipy.bin");

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(Path.Combine(_dir, "links.tar.gz")));

        Assert.Equal("wipy.bin", e.Entry);
        Assert.Contains("symbolic link (to '/etc/passwd')", e.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_device_entry_followed_by_a_regular_file_is_still_refused_by_name()
    {
        // SharpZipLib's TarInputStream would skip the device silently; the reader must not.
        byte[] tarball = TestTarball.Gzip(TestTarball.Tar(w =>
        {
            w.WriteEntry(new UstarTarEntry(TarEntryType.CharacterDevice, "console") { DeviceMajor = 5, DeviceMinor = 1 });
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(TestTarball.Script("""[["w", "0x1000", "script"]]""")) });
        }));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "dev.tar.gz"));

        Assert.Equal("console", e.Entry);
        Assert.Contains("character device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tar_cut_short_inside_an_intact_gzip_is_refused()
    {
        byte[] tar = TestTarball.Tar(w =>
        {
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(TestTarball.Script("""[["w", "0x10000", "wipy.bin"]]""")) });
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "wipy.bin") { DataStream = new MemoryStream(Small(5000, 80)) });
        });
        foreach (int keep in new[] { 512 + 512 + 512 + 2000, 512 + 512 + 300, 512 + 512 + 512 + 5120 })
        {
            var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(TestTarball.Gzip(tar[..keep])), "cut.tar.gz"));
            Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_header_with_a_bad_checksum_is_refused()
    {
        byte[] tar = TestTarball.Tar(w => w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(new byte[10]) }));
        tar[5] ^= 0x20; // a letter of the name; the stored checksum no longer matches

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(TestTarball.Gzip(tar)), "sum.tar.gz"));

        Assert.Contains("checksum does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_names_from_GNU_and_PAX_headers_are_read_and_checked()
    {
        string longName = new string('d', 120) + "/wipy.bin";
        byte[] pax = TestTarball.Gzip(TestTarball.Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(TestTarball.Script($$"""[["w", "0x10000", "{{longName}}"]]""")) });
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, longName) { DataStream = new MemoryStream(Small(100, 81)) });
        }));
        Assert.Equal(100, PycomPackage.Read(new MemoryStream(pax), "pax.tar.gz").FindMember(longName)!.Length);

        string escape = new string('d', 120) + "/../../../etc/evil";
        byte[] gnu = TestTarball.Gzip(TestTarball.Tar(w => w.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, escape) { DataStream = new MemoryStream(new byte[1]) })));
        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(gnu), "gnu.tar.gz"));
        Assert.Equal(escape, e.Entry);
        Assert.Contains("'..'", e.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void More_entries_than_a_package_has_are_refused()
    {
        byte[] tarball = TestTarball.Gzip(TestTarball.Tar(w =>
        {
            for (int i = 0; i <= PycomPackage.MaxEntries; i++)
            {
                w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"f{i}") { DataStream = new MemoryStream(new byte[1]) });
            }
        }));

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(tarball), "many.tar.gz"));

        Assert.Contains($"more than {PycomPackage.MaxEntries} entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_that_keeps_inflating_after_the_archive_is_refused_at_the_total_limit()
    {
        byte[] tar = TestTarball.Tar(w => w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "script") { DataStream = new MemoryStream(TestTarball.Script("""[["e", "0x9000", "0x1000"]]""")) }));
        var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written <= PycomPackage.MaxTotalBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        var e = Assert.Throws<PycomPackageException>(() => PycomPackage.Read(new MemoryStream(output.ToArray()), "bomb.tar.gz"));

        Assert.Contains("decompresses to more than 64 MiB", e.Message, StringComparison.Ordinal);
    }
}
