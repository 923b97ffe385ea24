using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Simulators.Http;
using Xunit;
using static FirmwareTools.Tests.Downloads.FirmwareFixtures;

namespace FirmwareTools.Tests.Downloads;

/// <summary>
/// Save-Firmware for the ESP32-S2, S3, C3 and C6 boards micropython.org lists (docs/protocols/esp32-family.md §4.3):
/// the merged .bin, never the .uf2 the S2/S3 pages also carry, nor .app-bin or .elf; the S3's variants by name.
/// </summary>
public sealed class Esp32FamilySaveFirmwareTests : IDisposable
{
    /// <summary>The generic boards and the vendor boards of §4.3.</summary>
    public static readonly TheoryData<string> Boards =
    [
        "ESP32_GENERIC_S2", "LOLIN_S2_MINI", "LOLIN_S2_PICO", "UM_TINYS2", "UM_FEATHERS2", "UM_FEATHERS2NEO",
        "ESP32_GENERIC_S3", "UM_TINYS3", "UM_FEATHERS3", "UM_FEATHERS3NEO", "UM_PROS3", "UM_NANOS3", "UM_OMGS3", "UM_TINYWATCHS3", "UM_RGBTOUCH_MINI",
        "SEEED_XIAO_ESP32S3", "M5STACK_ATOMS3_LITE", "LILYGO_T3_S3", "WAVESHARE_ESP32_S3_PICO", "ARDUINO_NANO_ESP32",
        "ESP32_GENERIC_C3", "LOLIN_C3_MINI", "SEEED_XIAO_ESP32C3", "GARATRONIC_PYBSTICK26_ESP32C3",
        "ESP32_GENERIC_C6", "SEEED_XIAO_ESP32C6", "M5STACK_NANOC6", "UM_TINYC6",
    ];

    private readonly LoopbackHttpServer server = new();
    private readonly FirmwareHttp http = new(FastOptions());
    private readonly TempFolder folder = NewFolder();

    public Esp32FamilySaveFirmwareTests()
    {
        foreach (string board in Boards)
        {
            // The .uf2 comes first on the page and is the newest file: a chooser by recency or page order would take it.
            var files = new List<string>
            {
                $"{board}-20250415-v1.25.0.uf2",
                $"{board}-20250415-v1.25.0.app-bin",
                $"{board}-20250415-v1.25.0.elf",
                $"{board}-20250415-v1.25.0.bin",
                $"{board}-20241129-v1.24.1.bin",
            };
            if (board == "ESP32_GENERIC_S3")
            {
                files.Add($"{board}-SPIRAM_OCT-20250415-v1.25.0.bin");
                files.Add($"{board}-FLASH_4M-20250415-v1.25.0.bin");
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
    [MemberData(nameof(Boards))]
    public async Task Each_family_board_gets_its_merged_bin(string board)
    {
        var operation = new SaveFirmwareOperation(http, new IFirmwareSource[] { new MicroPythonFirmwareSource(http, server.Root) });

        FirmwareFile file = await operation.SaveAsync(new FirmwareQuery(board), folder.Path, false, null, null, null, CancellationToken.None);

        string expected = $"{board}-20250415-v1.25.0.bin";
        Assert.Equal(expected, Path.GetFileName(file.Path));
        Assert.Equal(FirmwareBytes(expected), File.ReadAllBytes(file.Path));
        Assert.Equal(board, file.Board);
        Assert.Equal("esp32", MicroPythonBoards.PortOf(board));
        Assert.Contains(board, MicroPythonBoards.KnownBoards);
    }

    [Theory]
    [InlineData("SPIRAM_OCT", "ESP32_GENERIC_S3-SPIRAM_OCT-20250415-v1.25.0.bin")]
    [InlineData("flash_4m", "ESP32_GENERIC_S3-FLASH_4M-20250415-v1.25.0.bin")]
    public async Task The_s3s_variants_are_chosen_by_name(string variant, string expected)
    {
        var operation = new SaveFirmwareOperation(http, new IFirmwareSource[] { new MicroPythonFirmwareSource(http, server.Root) });

        FirmwareFile file = await operation.SaveAsync(new FirmwareQuery("ESP32_GENERIC_S3") { Variant = variant }, folder.Path, false, null, null, null, CancellationToken.None);

        Assert.Equal(expected, Path.GetFileName(file.Path));
        Assert.Equal(FirmwareBytes(expected), File.ReadAllBytes(file.Path));
    }
}
