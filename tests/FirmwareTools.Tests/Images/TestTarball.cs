using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SzlTarHeader = ICSharpCode.SharpZipLib.Tar.TarHeader;

namespace FirmwareTools.Tests.Images;

/// <summary>
/// Tarballs for the package tests, written with writers other than the reader's: .NET's System.Formats.Tar and
/// GZipStream (zlib), SharpZipLib's TarHeader only where a header must lie about its size, and Debian's GNU tar.
/// </summary>
internal static class TestTarball
{
    public static byte[] Package(params (string Name, byte[] Data)[] files) => Gzip(Tar(writer =>
    {
        foreach ((string name, byte[] data) in files)
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }
    }));

    public static byte[] Tar(Action<TarWriter> build)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            build(writer);
        }

        return tar.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A regular-file header whose size field says <paramref name="claimedSize"/> followed by only a few bytes and the end blocks.</summary>
    public static byte[] LyingHeader(string name, long claimedSize)
    {
        var header = new SzlTarHeader { Name = name, Size = claimedSize, TypeFlag = SzlTarHeader.LF_NORMAL, Mode = Convert.ToInt32("644", 8), ModTime = new DateTime(2017, 9, 24, 0, 0, 0, DateTimeKind.Utc) };
        var block = new byte[512];
        header.WriteHeader(block, Encoding.UTF8);
        return block.Concat(new byte[512]).Concat(new byte[1024]).ToArray();
    }

    public static byte[] Script(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Runs Debian's GNU tar in <paramref name="directory"/> and returns its exit code (stderr in the exception when it fails).</summary>
    public static void RunGnuTar(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("tar") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process tar = Process.Start(start)!;
        string error = tar.StandardError.ReadToEnd();
        tar.StandardOutput.ReadToEnd();
        tar.WaitForExit();
        if (tar.ExitCode != 0)
        {
            throw new InvalidOperationException($"tar {string.Join(' ', arguments)} failed ({tar.ExitCode}): {error}");
        }
    }
}
