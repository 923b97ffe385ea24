using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// Names a running board from what it says over the raw REPL (docs/protocols/board-update.md §1): Pycom's firmware
    /// by its own fields (§1.5), else <c>sys.implementation._build</c> (§1.2), else the <c>machine</c> string through
    /// the table of §1.3, checked per release from v1.20.0 on. Never from USB ids (§1.6): many boards share them.
    /// </summary>
    public static class BoardIdentifier
    {
        private const string With = " with ";

        // §1.3: the board part of `machine` (before the last " with ") and, where the board part is shared, the
        // MCU it must come with. ESP32 chip names are compared with the dash after "ESP32" removed, because v1.29
        // changed "ESP32S3" to "ESP32-S3" in both parts.
        private static readonly MachineRow[] Table =
        {
            new MachineRow("PYBv1.0", null, "PYBV10", null),
            new MachineRow("PYBv1.1", null, "PYBV11", null),
            new MachineRow("PYBLITEv1.0", null, "PYBLITEV10", null),
            new MachineRow("PYBD-SF2W", null, "PYBD_SF2", null),
            new MachineRow("PYBD-SF3W", null, "PYBD_SF3", null),
            new MachineRow("PYBD-SF6W", null, "PYBD_SF6", null),
            new MachineRow("F4DISC", null, "STM32F4DISC", null),
            new MachineRow("WEACT_F411_BLACKPILL", null, "WEACT_F411_BLACKPILL", null),
            new MachineRow("Generic ESP32 module", "ESP32D2WD", "ESP32_GENERIC", "D2WD"),
            new MachineRow("Generic ESP32 module", "ESP32UNICORE", "ESP32_GENERIC", "UNICORE"),
            new MachineRow("Generic ESP32 module", null, "ESP32_GENERIC", null),
            new MachineRow("Generic ESP32 module with SPIRAM", null, "ESP32_GENERIC", "SPIRAM"),
            new MachineRow("Generic ESP32 module with OTA", null, "ESP32_GENERIC", "OTA"),
            new MachineRow("Generic ESP32S2 module", null, "ESP32_GENERIC_S2", null),
            new MachineRow("Generic ESP32S3 module", null, "ESP32_GENERIC_S3", null),
            new MachineRow("Generic ESP32S3 module with Octal-SPIRAM", null, "ESP32_GENERIC_S3", "SPIRAM_OCT"),
            new MachineRow("ESP32C3 module", null, "ESP32_GENERIC_C3", null),
            new MachineRow("ESP32C6 module", null, "ESP32_GENERIC_C6", null),
            new MachineRow("ESP module", null, "ESP8266_GENERIC", null),
            new MachineRow("ESP module (1M)", null, "ESP8266_GENERIC", "FLASH_1M"),
            new MachineRow("ESP module (512K)", null, "ESP8266_GENERIC", "FLASH_512K"),
            new MachineRow("TinyPICO", null, "UM_TINYPICO", null),
            new MachineRow("FeatherS3", null, "UM_FEATHERS3", null),
            new MachineRow("TinyS3", null, "UM_TINYS3", null),
            new MachineRow("LOLIN_S2_MINI", null, "LOLIN_S2_MINI", null),
            new MachineRow("Arduino Nano ESP32", null, "ARDUINO_NANO_ESP32", null),
            new MachineRow("Raspberry Pi Pico", null, "RPI_PICO", null),
            new MachineRow("Raspberry Pi Pico W", null, "RPI_PICO_W", null),
            new MachineRow("Raspberry Pi Pico2", "RP2350RISCV", "RPI_PICO2", "RISCV"),
            new MachineRow("Raspberry Pi Pico2", null, "RPI_PICO2", null),
            new MachineRow("Raspberry Pi Pico 2 W", "RP2350RISCV", "RPI_PICO2_W", "RISCV"),
            new MachineRow("Raspberry Pi Pico 2 W", null, "RPI_PICO2_W", null),
            new MachineRow("Arduino Nano RP2040 Connect", null, "ARDUINO_NANO_RP2040_CONNECT", null),

            // Names before v1.21 (v1.20.0 checked; mpflash's alternate.py maps the same renames).
            new MachineRow("ESP32 module", null, "ESP32_GENERIC", null),
            new MachineRow("ESP32 module (spiram)", null, "ESP32_GENERIC", "SPIRAM"),
            new MachineRow("ESP32S2 module", null, "ESP32_GENERIC_S2", null),
            new MachineRow("ESP32S3 module", null, "ESP32_GENERIC_S3", null),
            new MachineRow("ESP32S3 module (spiram octal)", null, "ESP32_GENERIC_S3", "SPIRAM_OCT"),
            new MachineRow("ESP32 Unicore module", null, "ESP32_GENERIC", "UNICORE"),
            new MachineRow("Generic ESP32-D2WD module", null, "ESP32_GENERIC", "D2WD"),
        };

        private static readonly Regex Nucleo = new Regex("^NUCLEO-([A-Z0-9]+)$", RegexOptions.CultureInvariant);

        private static readonly Regex EspNewSpelling = new Regex("ESP32-([SC][0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// Identifies the board behind <paramref name="version"/>, given <paramref name="build"/> (the board's
        /// <c>sys.implementation._build</c>, null where the firmware has none).
        /// </summary>
        /// <exception cref="FirmwareError">BoardNotIdentified: Nothing the board said names a known board.</exception>
        public static BoardIdentity Identify(DeviceVersion version, string? build)
        {
            if (version is null)
            {
                throw new ArgumentNullException(nameof(version));
            }

            if (version.IsPycom && !string.IsNullOrEmpty(version.SysName))
            {
                // §1.5: sysname is the model; micropython.org images are never proposed for it.
                return new BoardIdentity(version.SysName!, null, BoardFamily.Pycom, "ESP32", BoardIdentitySource.Pycom);
            }

            string? chip = ChipOf(version.Machine);
            if (!string.IsNullOrWhiteSpace(build) && FromBuild(build!, chip, version.SysName) is BoardIdentity built)
            {
                return built;
            }

            return FromMachine(version.Machine)
                ?? throw MicroPythonErrors.BoardNotIdentified(version.Port, version.Machine, version.SysName);
        }

        /// <summary>§1.2: <c>_build</c> is the download's prefix; its first <c>-</c> separates board and variant.</summary>
        public static BoardIdentity? FromBuild(string build, string? chip, string? platform)
        {
            string trimmed = (build ?? throw new ArgumentNullException(nameof(build))).Trim();
            if (trimmed.Length == 0)
            {
                return null;
            }

            int dash = trimmed.IndexOf('-');
            string board = dash < 0 ? trimmed : trimmed.Substring(0, dash);
            string? variant = dash < 0 ? null : trimmed.Substring(dash + 1);
            BoardFamily? family = FamilyOfChip(chip) ?? FamilyOfPlatform(platform);
            return family is null ? null : new BoardIdentity(board, variant, family.Value, chip, BoardIdentitySource.Build);
        }

        /// <summary>§1.3: the <c>machine</c> string (<c>BOARD_NAME with MCU_NAME</c>) through the table; null when unknown.</summary>
        public static BoardIdentity? FromMachine(string? machine)
        {
            if (string.IsNullOrWhiteSpace(machine))
            {
                return null;
            }

            // mpflash takes the MCU as the text after the LAST " with ": board names may contain "with" themselves.
            int at = machine!.LastIndexOf(With, StringComparison.Ordinal);
            if (at <= 0)
            {
                return null;
            }

            string boardPart = Squash(machine.Substring(0, at).Trim());
            string mcuPart = machine.Substring(at + With.Length).Trim();
            string squashedMcu = Squash(mcuPart).Replace("-", string.Empty);
            string? chip = ChipOf(machine);
            BoardFamily? family = FamilyOfChip(chip);
            if (family is null)
            {
                return null;
            }

            foreach (MachineRow row in Table)
            {
                if (string.Equals(Squash(row.BoardPart), boardPart, StringComparison.OrdinalIgnoreCase)
                    && (row.Mcu is null || squashedMcu.StartsWith(row.Mcu, StringComparison.OrdinalIgnoreCase)))
                {
                    return new BoardIdentity(row.Board, row.Variant, family.Value, chip, BoardIdentitySource.Machine);
                }
            }

            Match nucleo = Nucleo.Match(boardPart);
            return nucleo.Success
                ? new BoardIdentity("NUCLEO_" + nucleo.Groups[1].Value, null, family.Value, chip, BoardIdentitySource.Machine)
                : null;
        }

        /// <summary>
        /// The chip named by the MCU part of a <c>machine</c> string, spelled one way: <c>ESP32S3</c>, <c>ESP32-S3</c>
        /// and <c>ESP32-S3-FN8</c> are all <c>ESP32-S3</c>; <c>ESP32-D2WD</c> and <c>ESP32-PICO-D4</c> are <c>ESP32</c>;
        /// <c>RP2350-RISCV</c> is <c>RP2350</c>. Null when the string has no MCU part or names no chip this module knows.
        /// </summary>
        public static string? ChipOf(string? machine)
        {
            if (string.IsNullOrWhiteSpace(machine))
            {
                return null;
            }

            int at = machine!.LastIndexOf(With, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            string mcu = Squash(machine.Substring(at + With.Length).Trim()).ToUpperInvariant();
            foreach (string esp in new[] { "ESP32S2", "ESP32S3", "ESP32C3", "ESP32C6" })
            {
                if (mcu.StartsWith(esp, StringComparison.Ordinal))
                {
                    return "ESP32-" + esp.Substring(5);
                }
            }

            if (mcu.StartsWith("ESP8266", StringComparison.Ordinal))
            {
                return "ESP8266";
            }

            if (mcu.StartsWith("ESP32", StringComparison.Ordinal))
            {
                return "ESP32";
            }

            if (mcu.StartsWith("RP2040", StringComparison.Ordinal) || mcu.StartsWith("RP2350", StringComparison.Ordinal))
            {
                return mcu.Substring(0, 6);
            }

            return mcu.StartsWith("STM32", StringComparison.Ordinal) ? machine.Substring(at + With.Length).Trim().Split(' ')[0] : null;
        }

        private static BoardFamily? FamilyOfChip(string? chip)
        {
            if (chip is null)
            {
                return null;
            }

            if (chip.StartsWith("STM32", StringComparison.Ordinal))
            {
                return BoardFamily.Stm32;
            }

            if (chip == "ESP8266")
            {
                return BoardFamily.Esp8266;
            }

            if (chip.StartsWith("ESP32", StringComparison.Ordinal))
            {
                return BoardFamily.Esp32;
            }

            return chip.StartsWith("RP2", StringComparison.Ordinal) ? BoardFamily.Rp2 : (BoardFamily?)null;
        }

        // sys.platform (§1.1): pyboard (stm32), esp32, rp2, esp8266.
        private static BoardFamily? FamilyOfPlatform(string? platform) => platform switch
        {
            "pyboard" => BoardFamily.Stm32,
            "esp32" => BoardFamily.Esp32,
            "esp8266" => BoardFamily.Esp8266,
            "rp2" => BoardFamily.Rp2,
            _ => null,
        };

        private static string Squash(string text) => EspNewSpelling.Replace(text, "ESP32$1");

        private sealed class MachineRow
        {
            public MachineRow(string boardPart, string? mcu, string board, string? variant)
            {
                BoardPart = boardPart;
                Mcu = mcu;
                Board = board;
                Variant = variant;
            }

            public string BoardPart { get; }

            public string? Mcu { get; }

            public string Board { get; }

            public string? Variant { get; }
        }
    }
}
