using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Simulators.Lab;
using FirmwareTools.Tests.Common;
using FirmwareTools.Tests.Downloads;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>The pieces of Update-Firmware that are pure functions: serial rules, the probe's parsing, a file's version.</summary>
public class BoardUpdatePartsTests
{
    /// <summary>docs/protocols/board-update.md §2.1: bytes [11] [10]+[2] [9] [8]+[0] [7] [6] as %02X.</summary>
    [Fact]
    public void An_stm32_unique_id_gives_the_usb_serial_in_the_order_the_note_lists()
    {
        byte[] uid = [0x30, 0x00, 0x3A, 0x00, 0x11, 0x47, 0x30, 0x36, 0x35, 0x31, 0x06, 0x20];

        // [11]=20, [10]+[2]=06+3A=40, [9]=31, [8]+[0]=35+30=65, [7]=36, [6]=30; no sum carries, so one form.
        Assert.Equal(["204031653630"], Stm32UsbSerial.Candidates(uid));
    }

    [Fact]
    public void A_sum_above_0xff_gives_both_forms_the_cut_one_first_and_the_three_digit_one()
    {
        byte[] uid = [0x01, 0, 0xF0, 0, 0, 0, 0x06, 0x07, 0xFF, 0x09, 0x20, 0x0B];

        IReadOnlyList<string> serials = Stm32UsbSerial.Candidates(uid);

        // [10]+[2] = 0x110 (cut 0x10, printed 110), [8]+[0] = 0x100 (cut 0x00, printed 100).
        Assert.Equal(["0B1009000706", "0B110091000706"], serials);
    }

    [Fact]
    public void The_lab_pyboard_shows_the_serial_the_product_computes()
    {
        byte[] uid = [0x33, 0x00, 0x3A, 0x00, 0x11, 0x47, 0x30, 0x36, 0x35, 0x31, 0x06, 0x20];

        Assert.Equal(LabPyboard.UsbSerialOf(uid), Assert.Single(Stm32UsbSerial.Candidates(uid)));
    }

    [Fact]
    public void The_probe_reads_build_and_unique_id_and_takes_a_missing_one_as_none()
    {
        const string Output =
            "FTV-UNAME os (sysname='rp2', nodename='rp2', release='1.25.0', version='v1.25.0 on 2025-04-15', machine='Raspberry Pi Pico2 with RP2350')\r\n" +
            "FTV-IMPL (name='micropython', version=(1, 25, 0, ''), _machine='Raspberry Pi Pico2 with RP2350', _mpy=7942, _build='RPI_PICO2')\r\n" +
            "FTV-VERSION '3.4.0; MicroPython v1.25.0 on 2025-04-15'\r\nFTV-PLATFORM 'rp2'\r\n" +
            "FTU-BUILD 'RPI_PICO2'\r\nFTU-UID 1C2B3A4958675F6E\r\n";

        BoardSurvey survey = BoardSurveyReader.Parse("COM9", Output);

        Assert.Equal(("RPI_PICO2", "1c2b3a4958675f6e", "v1.25.0"), (survey.Build, survey.UniqueId, survey.VersionText));
        BoardSurvey none = BoardSurveyReader.Parse("COM9", Output.Replace("FTU-UID 1C2B3A4958675F6E", "FTU-UID -", StringComparison.Ordinal).Replace("FTU-BUILD 'RPI_PICO2'", "FTU-BUILD None", StringComparison.Ordinal));
        Assert.Null(none.UniqueId);
        Assert.Null(none.Build);
    }

    [Theory]
    [InlineData("PYBV11-20241129-v1.24.1.dfu", "v1.24.1")]
    [InlineData("RPI_PICO2-20250415-v1.25.0-preview.408.g3d0b6276f1.uf2", "v1.25.0-preview.408.g3d0b6276f1")]
    public void A_given_files_version_comes_from_its_download_name(string name, string version)
    {
        using FirmwareFixtures.TempFolder folder = FirmwareFixtures.NewFolder();
        string path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(version, FirmwareFileVersion.Read(path).ToString());
    }

    [Fact]
    public void A_merged_esp32_bin_without_a_download_name_is_read_by_its_banner()
    {
        using FirmwareFixtures.TempFolder folder = FirmwareFixtures.NewFolder();
        string path = Path.Combine(folder.Path, "firmware.bin");
        File.WriteAllBytes(path, LabFirmware.Build(LabBoardKind.Esp32, "1.24.1", new DateTime(2024, 11, 29)));

        Assert.Equal("v1.24.1", FirmwareFileVersion.Read(path).ToString());
    }

    [Fact]
    public void A_file_whose_version_cannot_be_told_is_refused_before_anything_is_written()
    {
        using FirmwareFixtures.TempFolder folder = FirmwareFixtures.NewFolder();
        string path = Path.Combine(folder.Path, "custom.dfu");
        File.WriteAllBytes(path, new byte[4096]);

        FirmwareError e = Catalogued.Throws("UpdateFirmwareVersionUnknown", () => FirmwareFileVersion.Read(path));
        Assert.Equal(path, e.Target);
    }
}
