using System.Net;
using System.Security.Cryptography;
using System.Text;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

using FirmwareTools.Simulators.Http;

namespace FirmwareTools.Tests.Downloads;

/// <summary>Pages, files and tarballs shaped like micropython.org and software.pycom.io, served by a loopback server.</summary>
internal static class FirmwareFixtures
{
    /// <summary>Options that keep tests fast: tiny back-off (no real sleeping), short timeouts, fine-grained progress.</summary>
    public static FirmwareHttpOptions FastOptions(bool allowHttp = true, int maxAttempts = 3, TimeSpan? readTimeout = null) => new()
    {
        AllowHttp = allowHttp,
        MaxAttempts = maxAttempts,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        ResponseTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = readTimeout ?? TimeSpan.FromSeconds(10),
        ProgressGranularity = 1,
    };

    public static byte[] FirmwareBytes(string name, int length = 40_000)
    {
        var bytes = new byte[length];
        new Random(StringComparer.Ordinal.GetHashCode(name) & 0x7fffffff).NextBytes(bytes);
        Encoding.ASCII.GetBytes(name).CopyTo(bytes, 0);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static string Sha1(byte[] bytes) => Convert.ToHexString(SHA1.HashData(bytes)).ToLowerInvariant();

    /// <summary>A board page in the real site's shape: navigation, a board card, notes, and per-version lists of links, relative and absolute.</summary>
    public static string BoardPage(string board, Uri root, IEnumerable<string> fileNames, bool absoluteLinks = false)
    {
        var items = new StringBuilder();
        int i = 0;
        foreach (string name in fileNames)
        {
            string href = (absoluteLinks || i % 3 == 1) ? new Uri(root, "resources/firmware/" + name).AbsoluteUri : "/resources/firmware/" + name;
            string quote = i % 4 == 2 ? "'" : "\"";
            items.Append("      <li><a class=\"file\" data-kind=\"fw\" href=").Append(quote).Append(WebUtility.HtmlEncode(href)).Append(quote)
                 .Append('>').Append(WebUtility.HtmlEncode(name)).Append("</a> <span class=\"size\">(")
                 .Append(1000 + i).Append(" KiB)</span></li>\n");
            i++;
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>MicroPython - Python for microcontrollers</title>
              <link rel="stylesheet" href="/static/css/main.css">
              <script>
                // a script whose text looks like a link must not count
                var fake = '<a href="/resources/firmware/{{board}}-20990101-v9.9.9.dfu">x</a>';
              </script>
            </head>
            <body>
              <nav class="navbar"><a href="/">Home</a> <a href="/download/">Download</a> <a HREF=https://docs.micropython.org/>Docs</a> <a href="#top">Top</a></nav>
              <!-- <a href="/resources/firmware/{{board}}-20000101-v0.1.0.dfu">commented out</a> -->
              <div class="board-card"><img src="/resources/boards/{{board}}.jpg" alt="{{board}}"><h1>{{board}}</h1>
                <p>Vendor: <a href="https://example.com/vendor?a=1&amp;b=2" target="_blank">Vendor</a></p>
              </div>
              <h2>Installation instructions</h2>
              <p>See the <a href="https://docs.micropython.org/en/latest/">docs</a> &gt; flashing.</p>
              <h2>Firmware</h2>
              <h3>Releases</h3>
              <ul>
            {{items}}  </ul>
              <footer><a href="/resources/firmware/">All firmware</a></footer>
            </body>
            </html>
            """;
    }

    public static readonly string[] PybV11Files =
    {
        "PYBV11-20240602-v1.23.0.dfu",
        "PYBV11-20241129-v1.24.1.dfu",
        "PYBV11-20250102-v1.25.0-preview.203.g1a2b3c4d.dfu",
        "PYBV11-20241025-v1.24.0.dfu",
        "PYBV11-THREAD-20241129-v1.24.1.dfu",
        "PYBV11-THREAD-20240602-v1.23.0.dfu",
        "PYBV11-20241129-v1.24.1.hex",
        "PYBV11-20250110-v1.25.0-preview.240.g9f8e7d6c.dfu",
        "pybv11-20220117-v1.18.dfu",
        "pybv11-thread-20220117-v1.18.dfu",
    };

    public static readonly string[] Esp32Files =
    {
        "ESP32_GENERIC-20241129-v1.24.1.bin",
        "ESP32_GENERIC-20241129-v1.24.1.elf",
        "ESP32_GENERIC-20241129-v1.24.1.app-bin",
        "ESP32_GENERIC-SPIRAM-20241129-v1.24.1.bin",
        "ESP32_GENERIC-20240602-v1.23.0.bin",
        "ESP32_GENERIC-20250105-v1.25.0-preview.100.gabcdef01.bin",
        "esp32-20220117-v1.18.bin",
        "esp32spiram-20220117-v1.18.bin",
        "esp32-idf3-20210202-v1.14.bin",
        "esp32-20220618-unstable-v1.19.1-12-g0123abc.bin",
    };

    /// <summary>Serves a board page and every firmware file it links.</summary>
    public static void ServeBoard(LoopbackHttpServer server, string board, string[] files, bool absoluteLinks = false)
    {
        string page = BoardPage(board, server.Root, files, absoluteLinks);
        server.Map($"/download/{board}/", ctx => LoopbackHttpServer.Text(ctx, page));
        foreach (string f in files)
        {
            byte[] bytes = FirmwareBytes(f);
            server.Map("/resources/firmware/" + f, ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        }
    }

    /// <summary>A Pycom-style package: a gzip-compressed tar holding the images and the v1 script.</summary>
    public static byte[] PycomTarball(string version)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipOutputStream(output) { IsStreamOwner = false })
        using (var tar = new TarOutputStream(gzip, Encoding.UTF8) { IsStreamOwner = false })
        {
            void Add(string name, byte[] data)
            {
                TarEntry entry = TarEntry.CreateTarEntry(name);
                entry.Size = data.Length;
                entry.ModTime = new DateTime(2020, 9, 9, 0, 0, 0, DateTimeKind.Utc);
                tar.PutNextEntry(entry);
                tar.Write(data, 0, data.Length);
                tar.CloseEntry();
            }

            Add("bootloader.bin", FirmwareBytes("bootloader-" + version, 12_896));
            Add("partitions.bin", FirmwareBytes("partitions-" + version, 3_072));
            Add("wipy.bin", FirmwareBytes("wipy-" + version, 150_000));
            Add("script", Encoding.ASCII.GetBytes("[[\"w\", \"0x1000\", \"bootloader.bin\"], [\"w\", \"0x8000\", \"partitions.bin\"], [\"w\", \"0x10000\", \"wipy.bin\"]]"));
            tar.Finish();
        }

        return output.ToArray();
    }

    /// <summary>
    /// Serves findupgrade as the real service does: JSON for redirect=false, a 302 to the file for
    /// redirect=true, and the tarball under /downloads/.
    /// </summary>
    public static void ServePycom(LoopbackHttpServer server, string key, string fileName, string version, long intVersion, byte[] tarball, string hash)
    {
        server.Map("/findupgrade", ctx =>
        {
            if (ctx.Request.QueryString["key"] != key)
            {
                return LoopbackHttpServer.Text(ctx, "{\"error\":\"unknown key\"}", "application/json", 404);
            }

            string file = new Uri(server.Root, "downloads/" + fileName).AbsoluteUri;
            if (ctx.Request.QueryString["redirect"] == "true")
            {
                return LoopbackHttpServer.Redirect(ctx, file);
            }

            return LoopbackHttpServer.Text(ctx, $$"""{"key": "{{key}}", "file": "{{file}}", "version": "{{version}}", "intVersion": {{intVersion}}, "hash": "{{hash}}"}""", "application/json");
        });
        server.Map("/downloads/" + fileName, ctx => LoopbackHttpServer.Bytes(ctx, tarball));
    }

    public static TempFolder NewFolder() => new();

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fwtools-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string[] Files => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).ToArray()!;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Collects progress and log synchronously (Progress&lt;T&gt; would post to the thread pool and arrive late).</summary>
    internal sealed class Recorder : IProgress<OperationProgress>
    {
        public ConcurrentList<OperationProgress> Reports { get; } = new();

        public ConcurrentList<string> Log { get; } = new();

        public OperationLog LogSink => (level, message) => Log.Add(level + ": " + message);

        public Action<OperationProgress>? OnReport { get; set; }

        public void Report(OperationProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    internal sealed class ConcurrentList<T>
    {
        private readonly List<T> items = new();

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public List<T> Snapshot()
        {
            lock (items)
            {
                return items.ToList();
            }
        }
    }
}
