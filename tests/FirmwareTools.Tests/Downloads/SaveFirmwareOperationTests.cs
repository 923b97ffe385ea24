using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

using FirmwareTools.Simulators.Http;

namespace FirmwareTools.Tests.Downloads;

/// <summary>The whole Save-Firmware path (source, selection, download) against a loopback site shaped like micropython.org and software.pycom.io.</summary>
public sealed class SaveFirmwareOperationTests : IDisposable
{
    private const string WipyKey = "wipy.wipy with esp32";
    private readonly LoopbackHttpServer server = new();
    private readonly TempFolder folder = NewFolder();
    private readonly FirmwareHttp http = new(FastOptions());

    public SaveFirmwareOperationTests()
    {
        ServeBoard(server, "PYBV11", PybV11Files);
        ServeBoard(server, "ESP32_GENERIC", Esp32Files, absoluteLinks: true);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        folder.Dispose();
    }

    private SaveFirmwareOperation Operation() => new(http, new IFirmwareSource[] { new MicroPythonFirmwareSource(http, server.Root), new PycomFirmwareSource(http, server.Root) });

    private Task<FirmwareFile> Save(FirmwareQuery query, Recorder? recorder = null, bool force = false, string? expected = null) =>
        Operation().SaveAsync(query, folder.Path, force, expected, recorder?.LogSink, recorder, CancellationToken.None);

    [Fact]
    public async Task Newest_release_of_a_pyboard_is_the_newest_non_preview_dfu_verified()
    {
        var recorder = new Recorder();
        FirmwareFile file = await Save(new FirmwareQuery("pybv11"), recorder);

        const string name = "PYBV11-20241129-v1.24.1.dfu";
        byte[] served = FirmwareBytes(name);
        Assert.Equal(Path.Combine(folder.Path, name), file.Path);
        Assert.Equal(served, File.ReadAllBytes(file.Path));
        Assert.Equal(("PYBV11", (string?)null, "v1.24.1", FirmwareSource.MicroPython, (long)served.Length, Sha256(served)), (file.Board, file.Variant, file.Version, file.Source, file.Length, file.Sha256));
        Assert.Equal(new Uri(server.Root, "resources/firmware/" + name), file.Uri);
        Assert.Equal(new DateTime(2024, 11, 29), file.Date);
        Assert.Contains(recorder.Reports.Snapshot(), p => p.IsFinal && p.Completed == served.Length);
        Assert.Equal(new[] { name }, folder.Files);
    }

    [Fact]
    public async Task IncludePreview_takes_the_newest_preview()
    {
        FirmwareFile file = await Save(new FirmwareQuery("PYBV11") { IncludePreview = true });
        Assert.Equal("v1.25.0-preview.240.g9f8e7d6c", file.Version);
    }

    [Theory]
    [InlineData("1.23.0", null, "PYBV11-20240602-v1.23.0.dfu")]
    [InlineData("v1.24.1", "thread", "PYBV11-THREAD-20241129-v1.24.1.dfu")]
    [InlineData("1.18", null, "pybv11-20220117-v1.18.dfu")]
    [InlineData("v1.18.0", "THREAD", "pybv11-thread-20220117-v1.18.dfu")]
    [InlineData("v1.25.0-preview.203.g1a2b3c4d", null, "PYBV11-20250102-v1.25.0-preview.203.g1a2b3c4d.dfu")]
    [InlineData("latest", "THREAD", "PYBV11-THREAD-20241129-v1.24.1.dfu")]
    public async Task Named_version_and_variant_pick_that_file(string version, string? variant, string expectedFile)
    {
        FirmwareFile file = await Save(new FirmwareQuery("PYBV11") { Version = version, Variant = variant });
        Assert.Equal(expectedFile, Path.GetFileName(file.Path));
        Assert.Equal(FirmwareBytes(expectedFile), File.ReadAllBytes(file.Path));
    }

    [Fact]
    public async Task Esp32_board_gets_the_bin_from_absolute_links()
    {
        FirmwareFile file = await Save(new FirmwareQuery("ESP32_GENERIC") { Variant = "SPIRAM" });
        Assert.Equal("ESP32_GENERIC-SPIRAM-20241129-v1.24.1.bin", Path.GetFileName(file.Path));
        Assert.Equal("SPIRAM", file.Variant);
    }

    [Fact]
    public async Task Unknown_version_lists_the_newest_few_and_downloads_nothing()
    {
        var ex = await Catalogued.ThrowsAsync("FirmwareVersionNotFound", () => Save(new FirmwareQuery("PYBV11") { Version = "1.99.0" }));
        Assert.Equal("FirmwareVersionNotFound", ex.ErrorId);
        Assert.Contains("'1.99.0'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Newest available: v1.24.1, v1.24.0, v1.23.0, v1.18.0.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("/resources/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_variant_lists_the_variants()
    {
        var ex = await Catalogued.ThrowsAsync("FirmwareVersionNotFound", () => Save(new FirmwareQuery("PYBV11") { Variant = "NETWORK" }));
        Assert.Contains("'NETWORK'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("THREAD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_board_is_not_found_with_close_names()
    {
        var ex = await Catalogued.ThrowsAsync("FirmwareNotFound", () => Save(new FirmwareQuery("PYBV1")));
        Assert.Equal("FirmwareNotFound", ex.ErrorId);
        Assert.Equal(new Uri(server.Root, "download/PYBV1/").ToString(), ex.Target);
        Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PYBV11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_board_suggestions_include_boards_from_the_site_index()
    {
        server.Map("/download/", ctx => LoopbackHttpServer.Text(ctx, """
            <html><body><nav><a href="/">Home</a></nav>
            <div class="boards">
              <a class="board-card" href="/download/SPARKFUN_THINGPLUS_RP2350/"><img src="/x.jpg"><div class="board-name">SparkFun Thing Plus</div></a>
              <a class="board-card" href="/download/PYBV11/">PYBv1.1</a>
              <a href="/download/?port=rp2">rp2</a>
            </div></body></html>
            """));

        var ex = await Catalogued.ThrowsAsync("FirmwareNotFound", () => Save(new FirmwareQuery("SPARKFUN_THINGPLUS_RP235")));

        Assert.Contains("Did you mean SPARKFUN_THINGPLUS_RP2350", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/download/", server.Requests);
    }

    [Fact]
    public async Task Page_without_firmware_links_is_a_clear_not_found()
    {
        server.Map("/download/NOFILES/", ctx => LoopbackHttpServer.Text(ctx, BoardPage("NOFILES", server.Root, Array.Empty<string>())));
        var ex = await Catalogued.ThrowsAsync("FirmwareNotFound", () => Save(new FirmwareQuery("NOFILES")));
        Assert.Contains("lists no firmware files", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-Uri", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_name_with_path_characters_is_refused_before_any_request()
    {
        await Assert.ThrowsAsync<FirmwareInvalidArgumentException>(() => Save(new FirmwareQuery("../admin")));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ListAvailable_lists_releases_newest_first_without_previews_unless_asked()
    {
        IReadOnlyList<FirmwareRelease> stable = await Operation().ListAsync(new FirmwareQuery("PYBV11"), null, CancellationToken.None);
        Assert.Equal(new[] { "v1.24.1", "v1.24.1", "v1.24.0", "v1.23.0", "v1.23.0", "v1.18.0", "v1.18.0" }, stable.Select(r => r.Version));
        Assert.All(stable, r => Assert.Equal(FirmwareSource.MicroPython, r.Source));

        IReadOnlyList<FirmwareRelease> all = await Operation().ListAsync(new FirmwareQuery("PYBV11") { IncludePreview = true, Variant = "THREAD" }, null, CancellationToken.None);
        Assert.Equal(new[] { "PYBV11-THREAD-20241129-v1.24.1.dfu", "PYBV11-THREAD-20240602-v1.23.0.dfu", "pybv11-thread-20220117-v1.18.dfu" }, all.Select(r => r.FileName));

        Assert.Empty(folder.Files);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("/resources/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pycom_WiPy_is_found_through_the_service_decoded_and_downloaded()
    {
        byte[] tarball = PycomTarball("1.20.2.r6");
        string hash = new string('c', 40);
        ServePycom(server, WipyKey, "WiPy-1.20.2.r6.tar.gz", "1.20.2.r6", 77596038, tarball, hash);
        var recorder = new Recorder();

        FirmwareFile file = await Save(new FirmwareQuery("WIPY"), recorder);

        Assert.Contains(server.Requests, r => r == "/findupgrade?key=wipy.wipy%20with%20esp32&type=all&redirect=false");
        Assert.Equal(Path.Combine(folder.Path, "WiPy-1.20.2.r6.tar.gz"), file.Path);
        Assert.Equal(tarball, File.ReadAllBytes(file.Path));
        Assert.Equal(("WIPY", "1.20.2.r6", FirmwareSource.Pycom, Sha256(tarball), hash), (file.Board, file.Version, file.Source, file.Sha256, file.PycomHash));
        // The service hash is not established, so a mismatch is only noted, never a failure.
        Assert.Contains(recorder.Log.Snapshot(), l => l.Contains("is not the SHA-1 of the downloaded tarball", StringComparison.Ordinal) && l.Contains(Sha1(tarball), StringComparison.Ordinal));
        Assert.False(PycomFirmwareSource.ServiceHashIsTarballSha1);
    }

    [Fact]
    public async Task Pycom_hash_equal_to_the_tarball_SHA1_is_noted()
    {
        byte[] tarball = PycomTarball("1.20.2.r6");
        ServePycom(server, WipyKey, "WiPy-1.20.2.r6.tar.gz", "1.20.2.r6", 77596038, tarball, Sha1(tarball));
        var recorder = new Recorder();
        await Save(new FirmwareQuery("wipy"), recorder);
        Assert.Contains(recorder.Log.Snapshot(), l => l.Contains("equals the SHA-1 of the downloaded tarball", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pycom_hash_of_a_tarball_member_is_identified_in_the_log()
    {
        byte[] tarball = PycomTarball("1.20.2.r6");
        string memberSha1 = Sha1(FirmwareBytes("wipy-1.20.2.r6", 150_000));
        ServePycom(server, WipyKey, "WiPy-1.20.2.r6.tar.gz", "1.20.2.r6", 77596038, tarball, memberSha1);
        var recorder = new Recorder();

        FirmwareFile file = await Save(new FirmwareQuery("WIPY"), recorder);

        Assert.Equal(memberSha1, file.PycomHash);
        Assert.Contains(recorder.Log.Snapshot(), l => l.Contains("it is the SHA-1 of the member wipy.bin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pycom_intVersion_wins_over_a_disagreeing_label_and_versions_are_matched_by_it()
    {
        // The seed answer: label 1.8.0.b1, intVersion 71303297 (also 1.8.0.b1), file named 1.7.10.b1.
        byte[] tarball = PycomTarball("1.7.10.b1");
        ServePycom(server, WipyKey, "WiPy-1.7.10.b1.tar.gz", "1.8.0.b2", 71303297, tarball, new string('0', 40));
        var recorder = new Recorder();

        IReadOnlyList<FirmwareRelease> list = await Operation().ListAsync(new FirmwareQuery("WIPY"), recorder.LogSink, CancellationToken.None);
        FirmwareRelease only = Assert.Single(list);
        Assert.Equal(("1.8.0.b1", true, "WiPy-1.7.10.b1.tar.gz"), (only.Version, only.IsPreview, only.FileName));
        Assert.Contains(recorder.Log.Snapshot(), l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("1.8.0.b2", StringComparison.Ordinal));

        // Only a beta is offered: latest still takes it (with a warning); a named version must match intVersion.
        FirmwareFile file = await Save(new FirmwareQuery("WIPY") { Version = "1.8.0.b1" });
        Assert.Equal(tarball, File.ReadAllBytes(file.Path));
        var ex = await Catalogued.ThrowsAsync("FirmwareVersionNotFound", () => Save(new FirmwareQuery("WIPY") { Version = "1.20.2" }));
        Assert.Contains("1.8.0.b1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pycom_redirect_form_downloads_through_the_302()
    {
        byte[] tarball = PycomTarball("1.20.2.r6");
        ServePycom(server, WipyKey, "WiPy-1.20.2.r6.tar.gz", "1.20.2.r6", 77596038, tarball, new string('c', 40));
        var uri = new Uri(server.Root, "findupgrade?key=wipy.wipy%20with%20esp32&type=all&redirect=true");

        FirmwareFile file = await Operation().SaveUriAsync(uri, folder.Path, allowHttp: true, force: false, expectedSha256: Sha256(tarball), null, null, CancellationToken.None);

        Assert.Equal(Path.Combine(folder.Path, "WiPy-1.20.2.r6.tar.gz"), file.Path);
        Assert.Equal((FirmwareSource.Uri, Sha256(tarball)), (file.Source, file.Sha256));
        Assert.Equal(new Uri(server.Root, "downloads/WiPy-1.20.2.r6.tar.gz"), file.Uri);
    }

    [Fact]
    public async Task Pycom_source_rejects_unknown_boards_with_suggestions_and_bad_json_clearly()
    {
        var notFound = await Catalogued.ThrowsAsync("FirmwareNotFound", () => Save(new FirmwareQuery("LOPY5") { Source = FirmwareSource.Pycom }));
        Assert.Contains("LOPY4", notFound.Message, StringComparison.Ordinal);

        server.Map("/findupgrade", ctx => LoopbackHttpServer.Text(ctx, "<html>maintenance</html>"));
        var bad = await Catalogued.ThrowsAsync("FirmwareSourceData", () => Save(new FirmwareQuery("WIPY")));
        Assert.Contains("not the expected JSON", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pycom_boards_go_to_Pycom_by_default_and_everything_else_to_MicroPython()
    {
        Assert.Equal(FirmwareSource.Pycom, Operation().DefaultSourceFor("WiPy"));
        Assert.Equal(FirmwareSource.Pycom, Operation().DefaultSourceFor("LOPY4"));
        Assert.Equal(FirmwareSource.MicroPython, Operation().DefaultSourceFor("PYBV11"));
        Assert.Equal("wipy.wipy with esp32", PycomFirmwareSource.KeyFor("WIPY"));
        Assert.Equal("pysense.dfu", PycomFirmwareSource.KeyFor("pysense"));
    }

    [Fact]
    public async Task Uri_source_needs_AllowHttp_for_http_and_parses_a_MicroPython_name()
    {
        using var strict = new FirmwareHttp(FastOptions(allowHttp: false));
        var op = new SaveFirmwareOperation(strict);
        var uri = new Uri(server.Root, "resources/firmware/PYBV11-20241129-v1.24.1.dfu");

        await Assert.ThrowsAsync<InsecureUriException>(() => op.SaveUriAsync(uri, folder.Path, allowHttp: false, force: false, null, null, null, CancellationToken.None));
        Assert.Empty(server.Requests);

        var recorder = new Recorder();
        FirmwareFile file = await op.SaveUriAsync(uri, folder.Path, allowHttp: true, force: false, null, recorder.LogSink, null, CancellationToken.None);
        Assert.Equal(("v1.24.1", FirmwareSource.Uri, new DateTime(2024, 11, 29)), (file.Version, file.Source, file.Date!.Value));
        Assert.Contains(recorder.Log.Snapshot(), l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("plain http", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offline_board_lookup_names_the_host_and_what_to_check()
    {
        var offline = new SaveFirmwareOperation(http, new IFirmwareSource[] { new MicroPythonFirmwareSource(http, new Uri("https://nonexistent.invalid/")) });
        var ex = await Assert.ThrowsAsync<NetworkUnavailableException>(() => offline.SaveAsync(new FirmwareQuery("PYBV11"), folder.Path, false, null, null, null, CancellationToken.None));
        Assert.Equal("https://nonexistent.invalid/download/PYBV11/", ex.Target);
        Assert.Contains("nonexistent.invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("network", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task Board_page_that_keeps_failing_reports_the_status()
    {
        server.Map("/download/PYBV3/", ctx => LoopbackHttpServer.Text(ctx, "down", status: 502));
        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => Save(new FirmwareQuery("PYBV3")));
        Assert.Equal(502, ex.StatusCode);
        Assert.Contains("HTTP 502", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count(r => r == "/download/PYBV3/"));
    }

    [Fact]
    public async Task Board_page_served_500_once_is_retried()
    {
        int calls = 0;
        string page = BoardPage("PYBV10", server.Root, new[] { "PYBV10-20241129-v1.24.1.dfu" });
        server.Map("/download/PYBV10/", ctx => Interlocked.Increment(ref calls) == 1 ? LoopbackHttpServer.Text(ctx, "oops", status: 500) : LoopbackHttpServer.Text(ctx, page));
        server.Map("/resources/firmware/PYBV10-20241129-v1.24.1.dfu", ctx => LoopbackHttpServer.Bytes(ctx, FirmwareBytes("PYBV10")));

        FirmwareFile file = await Save(new FirmwareQuery("PYBV10"));

        Assert.Equal(2, calls);
        Assert.Equal(FirmwareBytes("PYBV10"), File.ReadAllBytes(file.Path));
    }
}
