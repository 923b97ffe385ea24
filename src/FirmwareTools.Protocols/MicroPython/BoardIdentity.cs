using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// What a running board is, in the names micropython.org's downloads use: <c>ESP32_GENERIC_S3</c> with variant
    /// <c>SPIRAM_OCT</c> is the file <c>ESP32_GENERIC_S3-SPIRAM_OCT-20241129-v1.24.1.bin</c>.
    /// </summary>
    public sealed class BoardIdentity
    {
        public BoardIdentity(string board, string? variant, BoardFamily family, string? chip, BoardIdentitySource source)
        {
            Board = board ?? throw new ArgumentNullException(nameof(board));
            Variant = string.IsNullOrEmpty(variant) ? null : variant;
            Family = family;
            Chip = chip;
            Source = source;
        }

        /// <summary>The board id (<c>PYBV11</c>, <c>ESP32_GENERIC_C3</c>, <c>RPI_PICO2_W</c>; for Pycom the model, <c>FiPy</c>).</summary>
        public string Board { get; }

        /// <summary>The build variant (<c>SPIRAM</c>, <c>RISCV</c>), or null for the board's default build.</summary>
        public string? Variant { get; }

        public BoardFamily Family { get; }

        /// <summary>The chip, spelled one way whatever the firmware's spelling: <c>ESP32-S3</c>, <c>RP2350</c>, <c>STM32F405RG</c>.</summary>
        public string? Chip { get; }

        public BoardIdentitySource Source { get; }

        /// <summary>Board and variant as a download names them: <c>ESP32_GENERIC_S3-SPIRAM_OCT</c>, or just the board.</summary>
        public string FullName => Variant is null ? Board : Board + "-" + Variant;

        public override string ToString() => FullName;
    }
}
