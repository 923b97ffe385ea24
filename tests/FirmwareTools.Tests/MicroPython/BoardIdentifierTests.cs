using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.MicroPython;
using Xunit;

namespace FirmwareTools.Tests.MicroPython;

/// <summary>Board identification from what a running board says (docs/protocols/board-update.md §1), row by row.</summary>
public class BoardIdentifierTests
{
    // §1.3's table, one row per machine string, v1.20.0 to v1.28.0, and the v1.29 spelling of the ESP32 chips.
    [Theory]
    [InlineData("PYBv1.0 with STM32F405RG", "PYBV10", null, BoardFamily.Stm32, "STM32F405RG")]
    [InlineData("PYBv1.1 with STM32F405RG", "PYBV11", null, BoardFamily.Stm32, "STM32F405RG")]
    [InlineData("PYBLITEv1.0 with STM32F411RE", "PYBLITEV10", null, BoardFamily.Stm32, "STM32F411RE")]
    [InlineData("PYBD-SF2W with STM32F722IEK", "PYBD_SF2", null, BoardFamily.Stm32, "STM32F722IEK")]
    [InlineData("PYBD-SF6W with STM32F767IIK", "PYBD_SF6", null, BoardFamily.Stm32, "STM32F767IIK")]
    [InlineData("F4DISC with STM32F407", "STM32F4DISC", null, BoardFamily.Stm32, "STM32F407")]
    [InlineData("WEACT_F411_BLACKPILL with STM32F411CE", "WEACT_F411_BLACKPILL", null, BoardFamily.Stm32, "STM32F411CE")]
    [InlineData("NUCLEO-F411RE with STM32F411xE", "NUCLEO_F411RE", null, BoardFamily.Stm32, "STM32F411xE")]
    [InlineData("NUCLEO-F446RE with STM32F446xx", "NUCLEO_F446RE", null, BoardFamily.Stm32, "STM32F446xx")]
    [InlineData("Generic ESP32 module with ESP32", "ESP32_GENERIC", null, BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32 module with SPIRAM with ESP32", "ESP32_GENERIC", "SPIRAM", BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32 module with OTA with ESP32", "ESP32_GENERIC", "OTA", BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32 module with ESP32-D2WD", "ESP32_GENERIC", "D2WD", BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32 module with ESP32-UNICORE", "ESP32_GENERIC", "UNICORE", BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32S2 module with ESP32S2", "ESP32_GENERIC_S2", null, BoardFamily.Esp32, "ESP32-S2")]
    [InlineData("Generic ESP32S3 module with ESP32S3", "ESP32_GENERIC_S3", null, BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("Generic ESP32S3 module with Octal-SPIRAM with ESP32S3", "ESP32_GENERIC_S3", "SPIRAM_OCT", BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("ESP32C3 module with ESP32C3", "ESP32_GENERIC_C3", null, BoardFamily.Esp32, "ESP32-C3")]
    [InlineData("ESP32C6 module with ESP32C6", "ESP32_GENERIC_C6", null, BoardFamily.Esp32, "ESP32-C6")]
    [InlineData("Generic ESP32-S3 module with ESP32-S3", "ESP32_GENERIC_S3", null, BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("ESP32-C6 module with ESP32-C6", "ESP32_GENERIC_C6", null, BoardFamily.Esp32, "ESP32-C6")]
    [InlineData("ESP module with ESP8266", "ESP8266_GENERIC", null, BoardFamily.Esp8266, "ESP8266")]
    [InlineData("ESP module (1M) with ESP8266", "ESP8266_GENERIC", "FLASH_1M", BoardFamily.Esp8266, "ESP8266")]
    [InlineData("ESP module (512K) with ESP8266", "ESP8266_GENERIC", "FLASH_512K", BoardFamily.Esp8266, "ESP8266")]
    [InlineData("TinyPICO with ESP32-PICO-D4", "UM_TINYPICO", null, BoardFamily.Esp32, "ESP32")]
    [InlineData("FeatherS3 with ESP32-S3", "UM_FEATHERS3", null, BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("TinyS3 with ESP32-S3-FN8", "UM_TINYS3", null, BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("LOLIN_S2_MINI with ESP32-S2FN4R2", "LOLIN_S2_MINI", null, BoardFamily.Esp32, "ESP32-S2")]
    [InlineData("Arduino Nano ESP32 with ESP32S3", "ARDUINO_NANO_ESP32", null, BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("Raspberry Pi Pico with RP2040", "RPI_PICO", null, BoardFamily.Rp2, "RP2040")]
    [InlineData("Raspberry Pi Pico W with RP2040", "RPI_PICO_W", null, BoardFamily.Rp2, "RP2040")]
    [InlineData("Raspberry Pi Pico2 with RP2350", "RPI_PICO2", null, BoardFamily.Rp2, "RP2350")]
    [InlineData("Raspberry Pi Pico2 with RP2350-RISCV", "RPI_PICO2", "RISCV", BoardFamily.Rp2, "RP2350")]
    [InlineData("Raspberry Pi Pico 2 W with RP2350", "RPI_PICO2_W", null, BoardFamily.Rp2, "RP2350")]
    [InlineData("Raspberry Pi Pico 2 W with RP2350-RISCV", "RPI_PICO2_W", "RISCV", BoardFamily.Rp2, "RP2350")]
    [InlineData("Arduino Nano RP2040 Connect with RP2040", "ARDUINO_NANO_RP2040_CONNECT", null, BoardFamily.Rp2, "RP2040")]
    [InlineData("ESP32 module with ESP32", "ESP32_GENERIC", null, BoardFamily.Esp32, "ESP32")]
    [InlineData("ESP32 module (spiram) with ESP32", "ESP32_GENERIC", "SPIRAM", BoardFamily.Esp32, "ESP32")]
    [InlineData("ESP32S3 module (spiram octal) with ESP32S3", "ESP32_GENERIC_S3", "SPIRAM_OCT", BoardFamily.Esp32, "ESP32-S3")]
    [InlineData("ESP32 Unicore module with ESP32-UNICORE", "ESP32_GENERIC", "UNICORE", BoardFamily.Esp32, "ESP32")]
    [InlineData("Generic ESP32-D2WD module with ESP32-D2WD", "ESP32_GENERIC", "D2WD", BoardFamily.Esp32, "ESP32")]
    public void Names_the_board_from_its_machine_string(string machine, string board, string? variant, BoardFamily family, string chip)
    {
        BoardIdentity id = Assert.IsType<BoardIdentity>(BoardIdentifier.FromMachine(machine));

        Assert.Equal(board, id.Board);
        Assert.Equal(variant, id.Variant);
        Assert.Equal(family, id.Family);
        Assert.Equal(chip, id.Chip);
        Assert.Equal(BoardIdentitySource.Machine, id.Source);
        Assert.Equal(variant is null ? board : board + "-" + variant, id.FullName);
    }

    [Theory]
    [InlineData("JS with Emscripten")]
    [InlineData("Some custom board with STM32H743")] // a known chip, an unknown board: never guessed
    [InlineData("no mcu part here")]
    [InlineData("")]
    public void Unknown_machine_strings_name_nothing(string machine)
    {
        Assert.Null(BoardIdentifier.FromMachine(machine));
    }

    [Fact]
    public void The_build_name_wins_over_the_machine_string_and_splits_at_its_first_dash()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("COM7", "(sysname='esp32', nodename='esp32', release='1.25.0', version='v1.25.0 on 2025-04-15', machine='Generic ESP32S3 module with ESP32S3')");

        BoardIdentity id = BoardIdentifier.Identify(v, "ESP32_GENERIC_S3-SPIRAM_OCT");

        Assert.Equal("ESP32_GENERIC_S3", id.Board);
        Assert.Equal("SPIRAM_OCT", id.Variant);
        Assert.Equal("ESP32-S3", id.Chip);
        Assert.Equal(BoardIdentitySource.Build, id.Source);
    }

    [Fact]
    public void Without_a_build_name_the_machine_string_decides()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("COM4", "(sysname='pyboard', nodename='pyboard', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='PYBv1.1 with STM32F405RG')");

        BoardIdentity id = BoardIdentifier.Identify(v, null);

        Assert.Equal("PYBV11", id.FullName);
        Assert.Equal(BoardIdentitySource.Machine, id.Source);
    }

    [Fact]
    public void Pycom_firmware_is_named_by_its_model_and_kept_apart_from_micropython_org_boards()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("COM9", "(sysname='FiPy', nodename='FiPy', release='1.20.2.r4', version='v1.11-ffb0e1c on 2021-01-12', machine='FiPy with ESP32', lorawan='1.0.2', sigfox='1.0.1')");

        BoardIdentity id = BoardIdentifier.Identify(v, null);

        Assert.Equal("FiPy", id.Board);
        Assert.Equal(BoardFamily.Pycom, id.Family);
        Assert.Equal(BoardIdentitySource.Pycom, id.Source);
    }

    [Fact]
    public void A_board_nothing_names_is_one_error_with_what_it_said_and_the_way_out()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("/dev/ttyACM3", "(sysname='rp2', nodename='rp2', release='1.24.0', version='v1.24.0 on 2024-10-25', machine='Pimoroni Tiny 2350 with RP2350')");

        var e = Catalogued.Throws("BoardNotIdentified", () => BoardIdentifier.Identify(v, null));

        Assert.Equal("BoardNotIdentified", e.ErrorId);
        Assert.Equal("/dev/ttyACM3", e.Target);
        Assert.Contains("Pimoroni Tiny 2350 with RP2350", e.Message);
        Assert.Contains("'rp2'", e.Message);
        Assert.Contains("-Board", e.RecommendedAction);
    }

    [Fact]
    public void A_build_name_of_a_board_the_table_lacks_still_names_it_with_the_platforms_family()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("/dev/ttyACM3", "(sysname='rp2', nodename='rp2', release='1.25.0', version='v1.25.0 on 2025-04-15', machine='Pimoroni Tiny 2350 with RP2350')");

        BoardIdentity id = BoardIdentifier.Identify(v, "PIMORONI_TINY2350");

        Assert.Equal("PIMORONI_TINY2350", id.Board);
        Assert.Null(id.Variant);
        Assert.Equal(BoardFamily.Rp2, id.Family);
        Assert.Equal("RP2350", id.Chip);
    }
}
