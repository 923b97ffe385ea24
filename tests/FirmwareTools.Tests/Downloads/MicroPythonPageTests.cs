using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Downloads;
using Xunit;

namespace FirmwareTools.Tests.Downloads;

public class MicroPythonPageTests
{
    private static readonly Uri Root = new("https://micropython.org/");

    [Theory]
    [InlineData("PYBV11-20240222-v1.22.2.dfu", "PYBV11", "2024-02-22", "v1.22.2", "dfu", false)]
    [InlineData("PYBV11-THREAD-20240222-v1.22.2.dfu", "PYBV11-THREAD", "2024-02-22", "v1.22.2", "dfu", false)]
    [InlineData("ESP32_GENERIC-SPIRAM-20250105-v1.25.0-preview.100.gabcdef01.bin", "ESP32_GENERIC-SPIRAM", "2025-01-05", "v1.25.0-preview.100.gabcdef01", "bin", false)]
    [InlineData("ESP32_GENERIC-20241129-v1.24.1.app-bin", "ESP32_GENERIC", "2024-11-29", "v1.24.1", "app-bin", false)]
    [InlineData("esp32-20220117-v1.18.bin", "esp32", "2022-01-17", "v1.18.0", "bin", true)]
    [InlineData("esp32-20220618-unstable-v1.19.1-12-g0123abc.bin", "esp32", "2022-06-18", "v1.19.1-12-g0123abc", "bin", true)]
    [InlineData("RPI_PICO_W-20241129-v1.24.1.uf2", "RPI_PICO_W", "2024-11-29", "v1.24.1", "uf2", false)]
    public void Parses_file_names(string file, string name, string date, string version, string ext, bool legacy)
    {
        MicroPythonFirmwareName n = MicroPythonFirmwareName.TryParse(file)!;
        Assert.NotNull(n);
        Assert.Equal((name, DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), version, ext, legacy), (n.Name, n.Date, n.Version.ToString(), n.Extension, n.IsLegacyName));
    }

    [Theory]
    [InlineData("PYBV11-v1.22.2.dfu")]
    [InlineData("PYBV11-20241399-v1.22.2.dfu")]
    [InlineData("PYBV11-20240222-1.22.2.dfu")]
    [InlineData("README.md")]
    public void Rejects_names_that_are_not_firmware_builds(string file) => Assert.Null(MicroPythonFirmwareName.TryParse(file));

    [Fact]
    public void Stm32_board_takes_dfu_files_newest_first_with_variants_and_old_names()
    {
        string html = FirmwareFixtures.BoardPage("PYBV11", Root, FirmwareFixtures.PybV11Files);
        List<FirmwareRelease> releases = MicroPythonFirmwareSource.ParsePage("PYBV11", new Uri(Root, "download/PYBV11/"), html, null);

        Assert.All(releases, r => Assert.Equal("dfu", r.Extension));
        Assert.Equal(
            new[]
            {
                "PYBV11-20250110-v1.25.0-preview.240.g9f8e7d6c.dfu",
                "PYBV11-20250102-v1.25.0-preview.203.g1a2b3c4d.dfu",
                "PYBV11-20241129-v1.24.1.dfu",
                "PYBV11-THREAD-20241129-v1.24.1.dfu",
                "PYBV11-20241025-v1.24.0.dfu",
                "PYBV11-20240602-v1.23.0.dfu",
                "PYBV11-THREAD-20240602-v1.23.0.dfu",
                "pybv11-20220117-v1.18.dfu",
                "pybv11-thread-20220117-v1.18.dfu",
            },
            releases.Select(r => r.FileName));
        FirmwareRelease old = releases.Single(r => r.FileName == "pybv11-thread-20220117-v1.18.dfu");
        Assert.Equal(("PYBV11", "THREAD", "v1.18.0", new DateTime(2022, 1, 17)), (old.Board, old.Variant, old.Version, old.Date!.Value));
        Assert.Equal("https://micropython.org/resources/firmware/pybv11-thread-20220117-v1.18.dfu", old.Uri.AbsoluteUri);
        Assert.True(releases[0].IsPreview);
        Assert.DoesNotContain(releases, r => r.Version == "v9.9.9" || r.Version == "v0.1.0");
    }

    [Fact]
    public void Esp32_board_takes_bin_and_reads_old_glued_variants()
    {
        string html = FirmwareFixtures.BoardPage("ESP32_GENERIC", Root, FirmwareFixtures.Esp32Files);
        List<FirmwareRelease> releases = MicroPythonFirmwareSource.ParsePage("ESP32_GENERIC", new Uri(Root, "download/ESP32_GENERIC/"), html, null);

        Assert.All(releases, r => Assert.Equal("bin", r.Extension));
        Assert.DoesNotContain(releases, r => r.FileName.EndsWith(".app-bin", StringComparison.Ordinal));
        var variants = releases.ToDictionary(r => r.FileName, r => r.Variant);
        Assert.Null(variants["ESP32_GENERIC-20241129-v1.24.1.bin"]);
        Assert.Equal("SPIRAM", variants["ESP32_GENERIC-SPIRAM-20241129-v1.24.1.bin"]);
        Assert.Null(variants["esp32-20220117-v1.18.bin"]);
        Assert.Equal("SPIRAM", variants["esp32spiram-20220117-v1.18.bin"]);
        Assert.Equal("IDF3", variants["esp32-idf3-20210202-v1.14.bin"]);

        // The nightly built after 1.19.1 sorts between 1.19.1 and 1.23.0.
        int nightly = releases.FindIndex(r => r.FileName.Contains("unstable", StringComparison.Ordinal));
        int v123 = releases.FindIndex(r => r.Version == "v1.23.0");
        int v118 = releases.FindIndex(r => r.FileName == "esp32-20220117-v1.18.bin");
        Assert.True(v123 < nightly && nightly < v118);
    }

    [Fact]
    public void Unknown_port_takes_the_only_firmware_format_offered_and_refuses_to_guess_between_two()
    {
        string one = FirmwareFixtures.BoardPage("ODDBOARD", Root, new[] { "ODDBOARD-20241129-v1.24.1.uf2", "ODDBOARD-20241129-v1.24.1.elf" });
        Assert.Equal("uf2", Assert.Single(MicroPythonFirmwareSource.ParsePage("ODDBOARD", Root, one, null)).Extension);

        string two = FirmwareFixtures.BoardPage("ODDBOARD", Root, new[] { "ODDBOARD-20241129-v1.24.1.uf2", "ODDBOARD-20241129-v1.24.1.hex" });
        var ex = Catalogued.Throws("FirmwareSourceData", () => MicroPythonFirmwareSource.ParsePage("ODDBOARD", Root, two, null));
        Assert.Contains(".uf2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".hex", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PYBV11", "stm32", "dfu")]
    [InlineData("PYBV10", "stm32", "dfu")]
    [InlineData("PYBD_SF2", "stm32", "dfu")]
    [InlineData("ESP32_GENERIC", "esp32", "bin")]
    [InlineData("ESP32_GENERIC_S3", "esp32", "bin")]
    [InlineData("ESP8266_GENERIC", "esp8266", "bin")]
    [InlineData("RPI_PICO_W", "rp2", "uf2")]
    public void Board_to_port_to_format(string board, string port, string ext)
    {
        Assert.Equal(port, MicroPythonBoards.PortOf(board));
        Assert.Equal(ext, MicroPythonBoards.ExtensionsFor(port)[0]);
    }

    [Fact]
    public void Suggests_close_board_names()
    {
        Assert.Contains("PYBV11", BoardNameSuggester.Suggest("PYBV1", MicroPythonBoards.KnownBoards));
        Assert.Contains("ESP32_GENERIC", BoardNameSuggester.Suggest("ESP32_GENRIC", MicroPythonBoards.KnownBoards));
        Assert.Equal("ESP32_GENERIC_S3", BoardNameSuggester.Suggest("esp32_generic_s33", MicroPythonBoards.KnownBoards)[0]);
        Assert.Empty(BoardNameSuggester.Suggest("TOASTER", MicroPythonBoards.KnownBoards));
    }
}
