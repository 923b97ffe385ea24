using FirmwareTools.Simulators.Http;
using CsCheck;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Tests.Downloads;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>
/// Whatever the server does (serves all, breaks off mid-body, sends a different file) and whatever is already on disk,
/// with or without -Force and an expected hash, a download leaves the destination either as it was or holding exactly
/// the bytes served, and never a partial or temporary file. Against the loopback HTTP server, one attempt per download.
/// </summary>
public sealed class DownloadPropertyTests : IDisposable
{
    private readonly LoopbackHttpServer server = new();

    public void Dispose() => server.Dispose();

    private enum OnDisk
    {
        Nothing,
        SameBytes,
        OtherBytes,
    }

    private enum Expected
    {
        None,
        Right,
        Wrong,
    }

    [Fact]
    public async Task Download_or_replace_never_leaves_a_partial_file()
    {
        var gen = Gen.Select(Gen.Int[1, 120_000], Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 100]);
        int iteration = 0;
        await Deterministic.ForAllAsync(gen, async x =>
        {
            (int length, int onDiskChoice, bool force, int expectedChoice, int cutPercent) = x;
            var onDisk = (OnDisk)onDiskChoice;
            var expectation = (Expected)expectedChoice;
            bool cut = cutPercent < 40;
            byte[] served = FirmwareBytes("served" + iteration, length);
            byte[] other = FirmwareBytes("other" + iteration, 5_000);
            string path = $"/p{iteration++}/fw.dfu";
            server.Map(path, async ctx =>
            {
                ctx.Response.ContentLength64 = served.Length;
                int send = cut ? served.Length * cutPercent / 100 : served.Length;
                await ctx.Response.OutputStream.WriteAsync(served.AsMemory(0, send));
                await ctx.Response.OutputStream.FlushAsync();
                if (cut)
                {
                    ctx.Response.Abort();
                }
                else
                {
                    ctx.Response.Close();
                }
            });

            using TempFolder folder = NewFolder();
            string destination = Path.Combine(folder.Path, "fw.dfu");
            byte[]? before = onDisk switch { OnDisk.SameBytes => served, OnDisk.OtherBytes => other, _ => null };
            if (before is not null)
            {
                File.WriteAllBytes(destination, before);
            }

            var request = new FirmwareDownloadRequest(new Uri(server.Root, path), folder.Path, "fw.dfu")
            {
                Force = force,
                ExpectedSha256 = expectation switch { Expected.Right => Sha256(served), Expected.Wrong => new string('0', 64), _ => null },
            };
            var downloader = new FirmwareDownloader(new FirmwareHttp(FastOptions(maxAttempts: 1)));

            FirmwareDownloadResult? result = null;
            try
            {
                result = await downloader.DownloadAsync(request, null, null, CancellationToken.None);
            }
            catch (FirmwareToolsException)
            {
                // Refused or failed the project's way; what is on disk is checked below.
            }

            string[] files = folder.Files;
            if (before is null && result is null)
            {
                Assert.Empty(files);
            }
            else
            {
                Assert.Equal(new[] { "fw.dfu" }, files);
                byte[] now = File.ReadAllBytes(destination);
                Assert.True(now.AsSpan().SequenceEqual(served) || (before is not null && now.AsSpan().SequenceEqual(before)), "the file is the old one or the whole new one");
                if (result is not null)
                {
                    Assert.Equal(served, now);
                    Assert.Equal(Sha256(served), result.Sha256);
                }

                if (before is not null && !before.AsSpan().SequenceEqual(served) && !force)
                {
                    Assert.Equal(before, now);
                }
            }
        }, iterations: 24);
    }
}
