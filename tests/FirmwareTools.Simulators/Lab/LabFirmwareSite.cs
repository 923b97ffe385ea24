using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FirmwareTools.Simulators.Http;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A loopback mirror of micropython.org's download pages for the lab's boards, holding <see cref="LabFirmware.Releases"/>:
/// <c>/download/BOARD/</c> links each release's file under <c>/resources/firmware/</c>, as the real pages do. Files can be
/// made to fail (the connection cut mid-body) to test one board's download failing; every request is logged.
/// </summary>
public sealed class LabFirmwareSite : IDisposable
{
    private readonly LoopbackHttpServer server = new();

    /// <param name="fullSize">Files about as long as the real downloads (serve-lab --realistic, the benchmark); small otherwise.</param>
    public LabFirmwareSite(bool fullSize = false)
    {
        foreach (LabBoardKind kind in Enum.GetValues<LabBoardKind>())
        {
            string board = LabFirmware.BoardId(kind);
            var page = new StringBuilder("<html><body><h1>").Append(board).Append("</h1><ul>\n");
            foreach ((string version, DateTime date) in LabFirmware.Releases.Reverse())
            {
                string file = LabFirmware.FileName(kind, version, date);
                byte[] bytes = LabFirmware.Build(kind, version, date, fullSize);
                page.Append("<li><a href=\"/resources/firmware/").Append(file).Append("\">").Append(file).Append("</a></li>\n");
                server.Map("/resources/firmware/" + file, ctx => Serve(ctx, file, bytes));
            }

            string html = page.Append("</ul></body></html>").ToString();
            server.Map("/download/" + board + "/", ctx => LoopbackHttpServer.Text(ctx, html));
        }
    }

    /// <summary>The site's root: <c>http://127.0.0.1:PORT/</c>, for FIRMWARETOOLS_MICROPYTHON_SITE.</summary>
    public Uri Root => server.Root;

    /// <summary>File names whose download is cut off after a few bytes.</summary>
    public ConcurrentDictionary<string, bool> FailingFiles { get; } = new();

    /// <summary>Every path requested, in order.</summary>
    public IReadOnlyList<string> Requests => [.. server.Requests];

    /// <summary>The firmware files downloaded (requests under /resources/firmware/).</summary>
    public int FileDownloads => server.Requests.Count(r => r.Contains("/resources/firmware/", StringComparison.Ordinal));

    public void Dispose() => server.Dispose();

    private Task Serve(HttpListenerContext ctx, string file, byte[] bytes)
    {
        if (FailingFiles.ContainsKey(file))
        {
            return LoopbackHttpServer.Text(ctx, "the mirror has lost this file", "text/plain", 404);
        }

        return LoopbackHttpServer.Bytes(ctx, bytes);
    }
}
