using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Http;
using FirmwareTools.Tests.Downloads;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>Limits hostile input cannot exceed: lengths that lie are refused before allocating, bodies are bounded, device reads time out.</summary>
public sealed class ResourceLimitTests : IDisposable
{
    private const long OneMiB = 1024 * 1024;
    private readonly LoopbackHttpServer server = new();

    public void Dispose() => server.Dispose();

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Empty_GETSTATE_reply_is_a_protocol_error_not_appIDLE()
    {
        var device = new FirmwareTools.Tests.Usb.ScriptedUsbDevice([], []);
        device.Answers[(0, 0)] = () => [];
        var client = new DfuSeClient(device, 0, 0, DfuClient.DefaultTransferSize);

        var ex = Assert.Throws<DfuProtocolException>(() => client.GetState());

        Assert.Equal("DfuShortState", ex.ErrorId);
        Assert.Equal(DfuRequest.DFU_GETSTATE, Assert.Single(device.Requests).Request);
    }

    [Fact]
    public void Bridge_frame_announcing_4_GiB_is_refused_before_allocating()
    {
        using var stream = new MemoryStream(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x00 });
        Exception? refused = null;
        long allocated = AllocatedBy(() => refused = Record.Exception(() => UsbBridgeFraming.ReadMessage(stream)));

        Assert.IsType<InvalidDataException>(refused);
        Assert.True(allocated < OneMiB, $"{allocated} bytes allocated");
    }

    [Fact]
    public void DfuSe_element_declaring_4_GiB_is_refused_before_allocating()
    {
        byte[] file = FirmwareTools.Tests.Images.DfuTestVectors.Example313;
        FirmwareTools.Tests.Images.DfuTestVectors.PutUInt32(file, FirmwareTools.Tests.Images.DfuTestVectors.ElementOffset + 4, 0xFFFF_FFFF);
        Exception? refused = null;
        long allocated = AllocatedBy(() => refused = Record.Exception(() => FirmwareImageFile.Parse(file, "big.dfu", acceptBadCrc: true)));

        var ex = Assert.IsType<DfuFileFormatException>(refused);
        Assert.Contains("4294967295", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < OneMiB, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Configuration_descriptor_whose_wTotalLength_exceeds_what_was_read_is_refused()
    {
        byte[] header = { 9, 2, 0xFF, 0xFF, 1, 1, 0, 0x80, 50 };
        var ex = Assert.Throws<UsbDescriptorFormatException>(() => UsbConfigurationDescriptor.Parse(header, "lying device"));
        Assert.Contains("65535", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridge_answer_longer_than_wLength_is_refused_and_never_written_past_the_buffer()
    {
        byte[] reply = new byte[1 + 64];
        using var stream = new ReplyStream(Frame(reply));
        using var device = RemoteUsbDevice.OverStream(stream, "lying-bridge");
        var buffer = new byte[8];

        var ex = Assert.Throws<UsbIOException>(() => device.ControlTransfer(new UsbSetupPacket(0xA1, 3, 0, 0, 6), buffer, 2, TimeSpan.FromSeconds(1)));

        Assert.Contains("at most 6", ex.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Bridge_answer_to_an_OUT_transfer_without_its_count_is_refused()
    {
        using var stream = new ReplyStream(Frame(new byte[] { 0, 4 }));
        using var device = RemoteUsbDevice.OverStream(stream, "lying-bridge");

        Assert.Throws<UsbIOException>(() => device.ControlTransfer(new UsbSetupPacket(0x21, 1, 2, 0, 4), new byte[4], 0, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Bridge_invalid_state_is_a_transfer_failure_not_a_crash()
    {
        using var stream = new ReplyStream(Frame(new byte[] { (byte)UsbBridgeStatus.InvalidState, (byte)'x' }));
        using var device = RemoteUsbDevice.OverStream(stream, "bridge");

        var ex = Assert.Throws<UsbIOException>(() => device.ClaimInterface(0));
        Assert.Equal("bridge", ex.Target);
    }

    [Fact]
    public void Bridge_that_never_answers_times_out_as_a_gone_device()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using RemoteUsbDevice device = RemoteUsbDevice.Connect("127.0.0.1", port, TimeSpan.FromSeconds(10));
        using TcpClient silent = listener.AcceptTcpClient();

        // The transfer's own timeout plus the bridge margin bounds the wait; without it the read would block forever.
        var ex = Assert.Throws<UsbDeviceGoneException>(() => device.ControlTransfer(new UsbSetupPacket(0xA1, 3, 0, 0, 6), new byte[6], 0, TimeSpan.FromMilliseconds(1)));
        Assert.Contains("went away", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_announcing_more_than_the_text_limit_is_refused_before_reading()
    {
        server.Map("/huge", async ctx =>
        {
            ctx.Response.ContentLength64 = 10 * OneMiB;
            await ctx.Response.OutputStream.WriteAsync(new byte[1024]);
            ctx.Response.Abort();
        });
        using var http = new FirmwareHttp(FastOptions(maxAttempts: 1));

        var ex = await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => http.GetTextAsync(new Uri(server.Root, "huge"), null, CancellationToken.None));
        Assert.Contains("4 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_streaming_past_the_text_limit_without_a_length_is_refused()
    {
        server.Map("/endless", async ctx =>
        {
            ctx.Response.SendChunked = true;
            var chunk = new byte[4096];
            for (int i = 0; i < 16; i++)
            {
                await ctx.Response.OutputStream.WriteAsync(chunk);
            }

            ctx.Response.Close();
        });
        using var http = new FirmwareHttp(Limited(maxText: 10_000));

        await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => http.GetTextAsync(new Uri(server.Root, "endless"), null, CancellationToken.None));
    }

    [Fact]
    public async Task Download_past_the_file_limit_is_refused_and_leaves_no_file()
    {
        byte[] bytes = FirmwareBytes("big.bin", 50_000);
        server.Map("/big.bin", ctx => LoopbackHttpServer.Bytes(ctx, bytes));
        using TempFolder folder = NewFolder();
        var downloader = new FirmwareDownloader(new FirmwareHttp(Limited(maxDownload: 20_000)));

        await Assert.ThrowsAsync<FirmwareDownloadFailedException>(() => downloader.DownloadAsync(new FirmwareDownloadRequest(new Uri(server.Root, "big.bin"), folder.Path, "big.bin"), null, null, CancellationToken.None));
        Assert.Empty(folder.Files);
    }

    private static FirmwareHttpOptions Limited(long maxText = 4 * OneMiB, long maxDownload = 256 * OneMiB) => new()
    {
        AllowHttp = true,
        MaxAttempts = 1,
        ResponseTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromSeconds(10),
        MaxTextLength = maxText,
        MaxDownloadLength = maxDownload,
    };

    private static byte[] Frame(byte[] body) => BitConverter.GetBytes(body.Length).Concat(body).ToArray();

    /// <summary>Reads come from the given bytes; writes (the requests) are dropped.</summary>
    private sealed class ReplyStream : MemoryStream
    {
        public ReplyStream(byte[] replies)
            : base(replies, writable: false)
        {
        }

        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Flush()
        {
        }
    }
}
