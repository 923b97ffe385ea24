using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Simulators.Http;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

namespace FirmwareTools.Tests.Downloads;

/// <summary>Save-Firmware for the Raspberry Pi Picos: the rp2 port's .uf2 files, and the RISC-V builds of the Pico 2s as the variant RISCV.</summary>
public sealed class PicoSaveFirmwareTests : IDisposable
{
    private readonly LoopbackHttpServer server = new();
    private readonly FirmwareHttp http = new(FastOptions());
    private readonly TempFolder folder = NewFolder();

    public PicoSaveFirmwareTests()
    {
        foreach (string board in new[] { "RPI_PICO", "RPI_PICO_W", "RPI_PICO2", "RPI_PICO2_W" })
        {
            var files = new List<string>
            {
                $"{board}-20241129-v1.24.1.uf2",
                $"{board}-20241129-v1.24.1.elf",
                $"{board}-20241129-v1.24.1.app-bin",
                $"{board}-20240602-v1.23.0.uf2",
            };
            if (board.StartsWith("RPI_PICO2", StringComparison.Ordinal))
            {
                files.Add($"{board}-RISCV-20241129-v1.24.1.uf2");
                files.Add($"{board}-RISCV-20241129-v1.24.1.elf");
            }

            ServeBoard(server, board, files.ToArray());
        }
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        folder.Dispose();
    }

    [Theory]
    [InlineData("RPI_PICO", null, "RPI_PICO-20241129-v1.24.1.uf2")]
    [InlineData("rpi_pico_w", null, "RPI_PICO_W-20241129-v1.24.1.uf2")]
    [InlineData("RPI_PICO2", null, "RPI_PICO2-20241129-v1.24.1.uf2")]
    [InlineData("RPI_PICO2_W", null, "RPI_PICO2_W-20241129-v1.24.1.uf2")]
    [InlineData("RPI_PICO2", "RISCV", "RPI_PICO2-RISCV-20241129-v1.24.1.uf2")]
    [InlineData("RPI_PICO2_W", "riscv", "RPI_PICO2_W-RISCV-20241129-v1.24.1.uf2")]
    public async Task A_pico_board_gets_its_uf2(string board, string? variant, string expected)
    {
        var operation = new SaveFirmwareOperation(http, new IFirmwareSource[] { new MicroPythonFirmwareSource(http, server.Root) });

        FirmwareFile file = await operation.SaveAsync(new FirmwareQuery(board) { Variant = variant }, folder.Path, false, null, null, null, CancellationToken.None);

        Assert.Equal(expected, Path.GetFileName(file.Path));
        Assert.Equal(FirmwareBytes(expected), File.ReadAllBytes(file.Path));
        Assert.Equal(board.ToUpperInvariant(), file.Board);
        Assert.Equal("rp2", MicroPythonBoards.PortOf(board));
    }

    [Fact]
    public void Every_pico_board_is_known_for_suggestions_and_completion()
    {
        Assert.Subset(MicroPythonBoards.KnownBoards.ToHashSet(), new HashSet<string> { "RPI_PICO", "RPI_PICO_W", "RPI_PICO2", "RPI_PICO2_W" });
    }
}
