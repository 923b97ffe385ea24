using FirmwareTools.Tests.Common;
using System.Net;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

using FirmwareTools.Simulators.Http;

namespace FirmwareTools.Tests.Downloads;

public sealed class FirmwareDownloaderTests : IDisposable
{
    private readonly LoopbackHttpServer server = new();
    private readonly TempFolder folder = NewFolder();

    public void Dispose()
    {
        server.Dispose();
        folder.Dispose();
    }

    private static FirmwareDownloader Downloader(FirmwareHttpOptions? options = null) => new(new FirmwareHttp(options ?? FastOptions()));

    private Uri At(string path) => new(server.Root, path);

    [Fact]
    public async Task Downloads_to_the_folder_with_the_SHA256_of_the_bytes_served_and_progress_to_the_end()
    {
        byte[] bytes = FirmwareBytes("fw.dfu", 300_000);
        server.Map("/fw.dfu", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        var recorder = new Recorder();

        FirmwareDownloadResult result = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.dfu"), folder.Path, "fw.dfu"), recorder.LogSink, recorder, CancellationToken.None);

        Assert.Equal(Path.Combine(folder.Path, "fw.dfu"), result.Path);
        Assert.Equal(bytes, File.ReadAllBytes(result.Path));
        Assert.Equal(Sha256(bytes), result.Sha256);
        Assert.Equal(bytes.Length, result.Length);
        Assert.True(result.Downloaded);
        Assert.Equal(new[] { "fw.dfu" }, folder.Files);
        List<OperationProgress> reports = recorder.Reports.Snapshot();
        Assert.All(reports, p => Assert.Equal((FirmwareDownloader.ProgressPhase, (long)bytes.Length), (p.Phase, p.Total)));
        Assert.Equal(bytes.Length, reports[^1].Completed);
        Assert.True(reports[^1].IsFinal);
        Assert.Contains(recorder.Log.Snapshot(), l => l.Contains(Sha256(bytes), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_expected_hash_is_an_error_and_leaves_no_file()
    {
        byte[] bytes = FirmwareBytes("fw.bin");
        server.Map("/fw.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        string wrong = new string('a', 64);

        var ex = await Catalogued.ThrowsAsync("FirmwareHashMismatch", () => Downloader().DownloadAsync(
            new FirmwareDownloadRequest(At("fw.bin"), folder.Path, "fw.bin") { ExpectedSha256 = wrong }, null, null, CancellationToken.None));

        Assert.Equal("FirmwareHashMismatch", ex.ErrorId);
        Assert.Equal(At("fw.bin").ToString(), ex.Target);
        Assert.Contains(Sha256(bytes), ex.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, ex.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Right_expected_hash_in_upper_case_is_accepted()
    {
        byte[] bytes = FirmwareBytes("fw.bin");
        server.Map("/fw.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        FirmwareDownloadResult r = await Downloader().DownloadAsync(
            new FirmwareDownloadRequest(At("fw.bin"), folder.Path, "fw.bin") { ExpectedSha256 = "sha256:" + Sha256(bytes).ToUpperInvariant() }, null, null, CancellationToken.None);
        Assert.Equal(Sha256(bytes), r.Sha256);
    }

    [Fact]
    public async Task Truncated_body_is_retried_then_reported_and_leaves_no_file()
    {
        byte[] bytes = FirmwareBytes("cut.bin", 100_000);
        server.Map("/cut.bin", async ctx =>
        {
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes.AsMemory(0, 30_000));
            await ctx.Response.OutputStream.FlushAsync();
            ctx.Response.Abort();
        });

        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("cut.bin"), folder.Path, "cut.bin"), null, null, CancellationToken.None));

        Assert.Equal("FirmwareDownloadFailed", ex.ErrorId);
        Assert.Equal(At("cut.bin").ToString(), ex.Target);
        Assert.Equal(3, server.Requests.Count(r => r == "/cut.bin"));
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Server_error_then_success_is_retried_with_back_off()
    {
        byte[] bytes = FirmwareBytes("flaky.bin");
        int calls = 0;
        server.Map("/flaky.bin", ctx => Interlocked.Increment(ref calls) <= 2
            ? LoopbackHttpServer.Text(ctx, "busy", "text/plain", 500)
            : LoopbackHttpServer.Bytes(ctx, bytes));
        var waits = new List<TimeSpan>();
        var options = new FirmwareHttpOptions
        {
            AllowHttp = true,
            MaxAttempts = 4,
            InitialBackoff = TimeSpan.FromSeconds(1),
            BackoffMultiplier = 2,
            Delay = (d, _) => { waits.Add(d); return Task.CompletedTask; },
        };

        FirmwareDownloadResult r = await Downloader(options).DownloadAsync(new FirmwareDownloadRequest(At("flaky.bin"), folder.Path, "flaky.bin"), null, null, CancellationToken.None);

        Assert.Equal(Sha256(bytes), r.Sha256);
        Assert.Equal(3, calls);
        Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, waits);
    }

    [Fact]
    public async Task Persistent_server_error_names_the_status()
    {
        server.Map("/down.bin", ctx => LoopbackHttpServer.Text(ctx, "oops", "text/plain", 503));
        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("down.bin"), folder.Path, "down.bin"), null, null, CancellationToken.None));
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("HTTP 503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Not_found_is_not_retried_and_names_the_status()
    {
        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("missing.bin"), folder.Path, "missing.bin"), null, null, CancellationToken.None));
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Slow_trickle_reports_progress_along_the_way_and_completes()
    {
        byte[] bytes = FirmwareBytes("slow.bin", 12_000);
        server.Map("/slow.bin", async ctx =>
        {
            ctx.Response.ContentLength64 = bytes.Length;
            for (int i = 0; i < bytes.Length; i += 1000)
            {
                await ctx.Response.OutputStream.WriteAsync(bytes.AsMemory(i, 1000));
                await ctx.Response.OutputStream.FlushAsync();
                await Task.Delay(30);
            }

            ctx.Response.Close();
        });
        var recorder = new Recorder();

        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("slow.bin"), folder.Path, "slow.bin"), null, recorder, CancellationToken.None);

        Assert.Equal(Sha256(bytes), r.Sha256);
        List<OperationProgress> partial = recorder.Reports.Snapshot().Where(p => p.Completed > 0 && p.Completed < bytes.Length).ToList();
        Assert.True(partial.Count >= 2, $"expected progress during the transfer, saw {partial.Count}");
        Assert.Equal(partial.Select(p => p.Completed).OrderBy(c => c), partial.Select(p => p.Completed));
    }

    [Fact]
    public async Task Cancel_mid_download_leaves_neither_the_file_nor_a_temporary_file()
    {
        byte[] bytes = FirmwareBytes("long.bin", 50_000);
        var release = new TaskCompletionSource();
        server.Map("/long.bin", async ctx =>
        {
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes.AsMemory(0, 5_000));
            await ctx.Response.OutputStream.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20));
            ctx.Response.Abort();
        });
        using var cts = new CancellationTokenSource();
        var recorder = new Recorder { OnReport = p => { if (p.Completed > 0) cts.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("long.bin"), folder.Path, "long.bin"), null, recorder, cts.Token));
        release.TrySetResult();

        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Existing_file_with_the_expected_hash_is_reused_without_a_request()
    {
        byte[] bytes = FirmwareBytes("have.dfu");
        string path = Path.Combine(folder.Path, "have.dfu");
        File.WriteAllBytes(path, bytes);
        server.Map("/have.dfu", ctx => LoopbackHttpServer.Bytes(ctx, bytes));

        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("have.dfu"), folder.Path, "have.dfu") { ExpectedSha256 = Sha256(bytes) }, null, null, CancellationToken.None);

        Assert.False(r.Downloaded);
        Assert.Equal((path, Sha256(bytes)), (r.Path, r.Sha256));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Different_existing_file_is_kept_unless_Force()
    {
        byte[] served = FirmwareBytes("new");
        byte[] old = FirmwareBytes("old");
        string path = Path.Combine(folder.Path, "fw.dfu");
        File.WriteAllBytes(path, old);
        server.Map("/fw.dfu", ctx => LoopbackHttpServer.Bytes(ctx, served));

        var ex = await Catalogued.ThrowsAsync("FirmwareFileExists", () => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.dfu"), folder.Path, "fw.dfu"), null, null, CancellationToken.None));
        Assert.Equal(("FirmwareFileExists", path), (ex.ErrorId, ex.Target));
        Assert.Contains("-Force", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.Equal(new[] { "fw.dfu" }, folder.Files);

        // With the expected hash known up front, the refusal needs no request at all.
        int before = server.Requests.Count;
        await Catalogued.ThrowsAsync("FirmwareFileExists", () => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.dfu"), folder.Path, "fw.dfu") { ExpectedSha256 = Sha256(served) }, null, null, CancellationToken.None));
        Assert.Equal(before, server.Requests.Count);

        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.dfu"), folder.Path, "fw.dfu") { Force = true }, null, null, CancellationToken.None);
        Assert.True(r.Replaced);
        Assert.Equal(served, File.ReadAllBytes(path));
        Assert.Equal(new[] { "fw.dfu" }, folder.Files);
    }

    [Fact]
    public async Task Identical_existing_file_is_kept_after_comparing()
    {
        byte[] bytes = FirmwareBytes("same");
        string path = Path.Combine(folder.Path, "same.dfu");
        File.WriteAllBytes(path, bytes);
        DateTime written = File.GetLastWriteTimeUtc(path);
        server.Map("/same.dfu", ctx => LoopbackHttpServer.Bytes(ctx, bytes));

        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("same.dfu"), folder.Path, "same.dfu"), null, null, CancellationToken.None);

        Assert.False(r.Downloaded);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(new[] { "same.dfu" }, folder.Files);
    }

    [Fact]
    public async Task Redirect_loop_is_reported_with_the_status()
    {
        server.Map("/loop-a", ctx => LoopbackHttpServer.Redirect(ctx, "/loop-b"));
        server.Map("/loop-b", ctx => LoopbackHttpServer.Redirect(ctx, "/loop-a"));

        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("loop-a"), folder.Path, "x.bin"), null, null, CancellationToken.None));

        Assert.Equal(302, ex.StatusCode);
        Assert.Contains("redirect", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Redirect_is_followed_and_the_name_comes_from_the_final_link()
    {
        byte[] bytes = FirmwareBytes("final");
        server.Map("/go", ctx => LoopbackHttpServer.Redirect(ctx, "/files/final-1.2.3.bin"));
        server.Map("/files/final-1.2.3.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));

        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("go"), folder.Path), null, null, CancellationToken.None);

        Assert.Equal(Path.Combine(folder.Path, "final-1.2.3.bin"), r.Path);
        Assert.Equal(At("files/final-1.2.3.bin"), r.FinalUri);
    }

    [Fact]
    public async Task Unresolvable_host_is_a_network_error_naming_the_host()
    {
        var uri = new Uri("https://nonexistent.invalid/fw.bin");
        var ex = await Assert.ThrowsAsync<NetworkUnavailableException>(() => Downloader().DownloadAsync(new FirmwareDownloadRequest(uri, folder.Path, "fw.bin"), null, null, CancellationToken.None));
        Assert.Equal(("NetworkUnavailable", uri.ToString()), (ex.ErrorId, ex.Target));
        Assert.Contains("nonexistent.invalid", ex.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Refused_connection_is_a_network_error_after_retries()
    {
        using var refusing = new RefusingPort();
        var uri = new Uri($"http://127.0.0.1:{refusing.Port}/fw.bin");
        int waits = 0;
        var options = new FirmwareHttpOptions { AllowHttp = true, MaxAttempts = 3, Delay = (_, _) => { waits++; return Task.CompletedTask; } };
        var ex = await Assert.ThrowsAsync<NetworkUnavailableException>(() => Downloader(options).DownloadAsync(new FirmwareDownloadRequest(uri, folder.Path, "fw.bin"), null, null, CancellationToken.None));
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, waits);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Plain_http_is_refused_without_AllowHttp_before_any_request()
    {
        var ex = await Assert.ThrowsAsync<InsecureUriException>(() => Downloader(FastOptions(allowHttp: false)).DownloadAsync(new FirmwareDownloadRequest(At("fw.bin"), folder.Path, "fw.bin"), null, null, CancellationToken.None));
        Assert.Equal(("InsecureUri", At("fw.bin").ToString()), (ex.ErrorId, ex.Target));
        Assert.Contains("-AllowHttp", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Silent_server_times_out_per_read()
    {
        server.Map("/stall.bin", async ctx =>
        {
            ctx.Response.ContentLength64 = 10_000;
            await ctx.Response.OutputStream.WriteAsync(new byte[100]);
            await ctx.Response.OutputStream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            ctx.Response.Abort();
        });
        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Downloader(FastOptions(maxAttempts: 1, readTimeout: TimeSpan.FromMilliseconds(200))).DownloadAsync(new FirmwareDownloadRequest(At("stall.bin"), folder.Path, "stall.bin"), null, null, CancellationToken.None));
        Assert.Contains("in time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FirmwareErrorKind.Timeout, ex.Kind);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Destination_that_is_a_file_is_refused_before_any_request()
    {
        string notAFolder = Path.Combine(folder.Path, "file.txt");
        File.WriteAllText(notAFolder, "x");
        var ex = await Catalogued.ThrowsAsync("FirmwareFileWriteFailed", () => Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.bin"), notAFolder, "fw.bin"), null, null, CancellationToken.None));
        Assert.Equal(("FirmwareFileWriteFailed", notAFolder), (ex.ErrorId, ex.Target));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Missing_destination_folder_is_created()
    {
        byte[] bytes = FirmwareBytes("nested");
        server.Map("/fw.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        string nested = Path.Combine(folder.Path, "a", "b");
        FirmwareDownloadResult r = await Downloader().DownloadAsync(new FirmwareDownloadRequest(At("fw.bin"), nested, "fw.bin"), null, null, CancellationToken.None);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(nested, "fw.bin")));
        Assert.Equal(Path.Combine(nested, "fw.bin"), r.Path);
    }

    [Fact]
    public async Task Requests_go_through_the_injected_handler()
    {
        byte[] bytes = FirmwareBytes("handler");
        server.Map("/fw.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        using var handler = new RecordingHandler(new SocketsHttpHandler());
        var options = new FirmwareHttpOptions { Handler = handler, AllowHttp = true, UserAgent = "FirmwareTools-test" };

        await Downloader(options).DownloadAsync(new FirmwareDownloadRequest(At("fw.bin"), folder.Path, "fw.bin"), null, null, CancellationToken.None);

        Assert.Equal(new[] { "GET " + At("fw.bin") + " FirmwareTools-test" }, handler.Seen);
    }

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Seen { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add($"{request.Method} {request.RequestUri} {request.Headers.UserAgent}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public void A_file_name_from_the_network_cannot_leave_the_folder()
    {
        Assert.Equal("passwd", FirmwareDownloader.SafeFileName("../../etc/passwd"));
        Assert.Equal("evil.bin", FirmwareDownloader.SafeFileName("..\\..\\evil.bin"));
        Assert.Equal("firmware.bin", FirmwareDownloader.SafeFileName(".."));
    }
}
