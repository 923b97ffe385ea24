using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirmwareTools.Tests.Firmware;

/// <summary>
/// A real HTTP server (System.Net.HttpListener) on 127.0.0.1 with routes per path, recording every request
/// it sees so tests can prove that no request was made.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public LoopbackHttpServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                Root = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        loop = Task.Run(AcceptLoop);
    }

    public Uri Root { get; }

    /// <summary>Every request as "path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Map(string path, Func<HttpListenerContext, Task> handler) => routes[path] = handler;

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public static async Task Text(HttpListenerContext ctx, string body, string contentType = "text/html; charset=utf-8", int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await Bytes(ctx, Encoding.UTF8.GetBytes(body), status);
    }

    public static async Task Bytes(HttpListenerContext ctx, byte[] body, int status = 200, string contentType = "application/octet-stream")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType ??= contentType;
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    }

    public static Task Redirect(HttpListenerContext ctx, string location, int status = 302)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.RedirectLocation = location;
        ctx.Response.ContentLength64 = 0;
        ctx.Response.Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(ctx));
        }
    }

    private async Task Serve(HttpListenerContext ctx)
    {
        string path = ctx.Request.Url!.AbsolutePath;
        Requests.Enqueue(ctx.Request.Url.PathAndQuery);
        try
        {
            if (routes.TryGetValue(path, out Func<HttpListenerContext, Task>? handler))
            {
                await handler(ctx);
            }
            else
            {
                await Text(ctx, "<html><body><h1>404 Not Found</h1></body></html>", status: 404);
            }
        }
        catch (Exception)
        {
            // The client went away (cancel tests) or a fault route aborted on purpose.
            try
            {
                ctx.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
