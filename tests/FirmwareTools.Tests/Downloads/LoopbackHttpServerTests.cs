using System.Net;
using System.Net.Sockets;
using FirmwareTools.Simulators.Http;
using Xunit;

namespace FirmwareTools.Tests.Downloads;

/// <summary>The test web server's bind is race-free: a port taken between choosing and binding is skipped, not a failure.</summary>
public class LoopbackHttpServerTests
{
    [Fact]
    public async Task A_port_taken_before_the_bind_is_skipped_and_the_next_candidate_serves()
    {
        // Another process owns this port when the server tries it: the situation that made the old probe-then-bind flaky.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var candidates = new Queue<int>([takenPort, takenPort, 0]);
        int tries = 0;

        using var server = new LoopbackHttpServer(() =>
        {
            tries++;
            int next = candidates.Dequeue();
            if (next != 0)
            {
                return next;
            }

            using var free = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            free.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)free.LocalEndPoint!).Port;
        });
        server.Map("/ping", ctx => LoopbackHttpServer.Text(ctx, "pong", "text/plain"));

        Assert.Equal(3, tries);
        Assert.NotEqual(takenPort, server.Root.Port);
        using var client = new HttpClient();
        Assert.Equal("pong", await client.GetStringAsync(new Uri(server.Root, "/ping")));
    }
}
