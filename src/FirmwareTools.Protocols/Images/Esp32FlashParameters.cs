using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Flash mode, frequency and size to write into an ESP32 bootloader header (docs/protocols/esp32-rom-loader.md §5: byte 2 = mode, byte 3 = size
    /// in the high nibble | frequency in the low nibble). Each part may be <c>keep</c> on its own, so only the parts the
    /// user named change. <see cref="Keep"/> is the default for MicroPython images (they are built for the board);
    /// <see cref="PycomUpdater"/> is what Pycom's updater passes to esptool for its packages.
    /// </summary>
    public sealed class Esp32FlashParameters
    {
        public const string ModeNames = "keep, qio, qout, dio, dout";
        public const string FrequencyNames = "keep, 40m, 26m, 20m, 80m";
        public const string SizeNames = "keep, detect, 1MB, 2MB, 4MB, 8MB, 16MB";

        private const long Mib = 1024 * 1024;

        public Esp32FlashParameters(Esp32FlashMode mode, Esp32FlashFrequency frequency, Esp32FlashSizeSetting size)
        {
            Mode = mode;
            Frequency = frequency;
            Size = size;
        }

        /// <summary>Leave the header as built (esptool v4/v5's default).</summary>
        public static Esp32FlashParameters Keep { get; } = new Esp32FlashParameters(Esp32FlashMode.Keep, Esp32FlashFrequency.Keep, Esp32FlashSizeSetting.Keep);

        /// <summary>dio / 80m / detect: Pycom's updater (FLASH_MODE, FLASH_FREQ, flash_size 'detect') and the blog post's esptool line.</summary>
        public static Esp32FlashParameters PycomUpdater { get; } = new Esp32FlashParameters(Esp32FlashMode.Dio, Esp32FlashFrequency.Freq80M, Esp32FlashSizeSetting.Detect);

        public Esp32FlashMode Mode { get; }

        public Esp32FlashFrequency Frequency { get; }

        public Esp32FlashSizeSetting Size { get; }

        /// <summary>True when nothing would change: esptool then does not touch the header at all (§5 condition 2).</summary>
        public bool KeepsAll => Mode == Esp32FlashMode.Keep && Frequency == Esp32FlashFrequency.Keep && Size == Esp32FlashSizeSetting.Keep;

        /// <summary>Parses esptool's spellings (case-insensitive); null or empty means keep.</summary>
        public static Esp32FlashParameters Parse(string? mode, string? frequency, string? size) =>
            new Esp32FlashParameters(ParseMode(mode), ParseFrequency(frequency), ParseSize(size));

        public static Esp32FlashMode ParseMode(string? text) => Normalize(text) switch
        {
            "" or "keep" => Esp32FlashMode.Keep,
            "qio" => Esp32FlashMode.Qio,
            "qout" => Esp32FlashMode.Qout,
            "dio" => Esp32FlashMode.Dio,
            "dout" => Esp32FlashMode.Dout,
            _ => throw ImageErrors.Esp32FlashParametersInvalid("flash mode", text!, ModeNames),
        };

        public static Esp32FlashFrequency ParseFrequency(string? text) => Normalize(text) switch
        {
            "" or "keep" => Esp32FlashFrequency.Keep,
            "40m" => Esp32FlashFrequency.Freq40M,
            "26m" => Esp32FlashFrequency.Freq26M,
            "20m" => Esp32FlashFrequency.Freq20M,
            "80m" => Esp32FlashFrequency.Freq80M,
            _ => throw ImageErrors.Esp32FlashParametersInvalid("flash frequency", text!, FrequencyNames),
        };

        public static Esp32FlashSizeSetting ParseSize(string? text) => Normalize(text) switch
        {
            "" or "keep" => Esp32FlashSizeSetting.Keep,
            "detect" => Esp32FlashSizeSetting.Detect,
            "1mb" => Esp32FlashSizeSetting.Size1MB,
            "2mb" => Esp32FlashSizeSetting.Size2MB,
            "4mb" => Esp32FlashSizeSetting.Size4MB,
            "8mb" => Esp32FlashSizeSetting.Size8MB,
            "16mb" => Esp32FlashSizeSetting.Size16MB,
            _ => throw ImageErrors.Esp32FlashParametersInvalid("flash size", text!, SizeNames),
        };

        /// <summary>The header's mode code (§5 table); null for keep.</summary>
        public static byte? ModeCode(Esp32FlashMode mode) => mode switch
        {
            Esp32FlashMode.Qio => 0,
            Esp32FlashMode.Qout => 1,
            Esp32FlashMode.Dio => 2,
            Esp32FlashMode.Dout => 3,
            _ => null,
        };

        /// <summary>The header's frequency nibble (§5 table); null for keep.</summary>
        public static byte? FrequencyCode(Esp32FlashFrequency frequency) => frequency switch
        {
            Esp32FlashFrequency.Freq40M => 0x0,
            Esp32FlashFrequency.Freq26M => 0x1,
            Esp32FlashFrequency.Freq20M => 0x2,
            Esp32FlashFrequency.Freq80M => 0xF,
            _ => null,
        };

        /// <summary>The header's size code (high nibble, §5 table) for a flash of <paramref name="bytes"/>; null when the ESP32 header has no code for it.</summary>
        public static byte? SizeCode(long bytes) => bytes switch
        {
            1 * Mib => 0x00,
            2 * Mib => 0x10,
            4 * Mib => 0x20,
            8 * Mib => 0x30,
            16 * Mib => 0x40,
            _ => null,
        };

        /// <summary>The flash size in bytes a size setting names; null for keep and detect.</summary>
        public static long? SizeBytes(Esp32FlashSizeSetting size) => size switch
        {
            Esp32FlashSizeSetting.Size1MB => 1 * Mib,
            Esp32FlashSizeSetting.Size2MB => 2 * Mib,
            Esp32FlashSizeSetting.Size4MB => 4 * Mib,
            Esp32FlashSizeSetting.Size8MB => 8 * Mib,
            Esp32FlashSizeSetting.Size16MB => 16 * Mib,
            _ => null,
        };

        /// <summary>
        /// The header bytes 2 and 3 these parameters make from the image's own <paramref name="mode"/> and
        /// <paramref name="sizeFrequency"/>. <c>detect</c> takes <paramref name="detectedFlashSize"/>; when that is unknown
        /// or has no header code the size nibble is kept and <paramref name="warning"/> says so (esptool warns likewise).
        /// <paramref name="chipId"/> is the image's chip: the frequency codes differ on the ESP32-C6 (docs/protocols/esp32-family.md §4.1).
        /// </summary>
        public (byte Mode, byte SizeFrequency) Apply(byte mode, byte sizeFrequency, long? detectedFlashSize, int chipId, out string? warning)
        {
            warning = null;
            byte newMode = ModeCode(Mode) ?? mode;
            byte? frequencyCode = Esp32Chips.FrequencyCode(chipId, Frequency);
            int frequency = frequencyCode ?? (sizeFrequency & 0x0F);
            if (frequencyCode is null && Frequency != Esp32FlashFrequency.Keep)
            {
                warning = $"{Esp32Chips.ChipFromImageId(chipId) ?? "this chip"} has no header code for {FrequencyText(Frequency)}; the image's flash frequency is kept";
            }

            int size = sizeFrequency & 0xF0;
            long? sizeBytes = Size == Esp32FlashSizeSetting.Detect ? detectedFlashSize : SizeBytes(Size);
            if (Size != Esp32FlashSizeSetting.Keep)
            {
                byte? code = sizeBytes is long b ? SizeCode(b) : null;
                if (code is byte c)
                {
                    size = c;
                }
                else
                {
                    warning = (warning is null ? string.Empty : warning + "; ") + (detectedFlashSize is long d
                        ? $"the detected flash size {ByteSize.Format(d)} has no ESP32 header code; the image's flash size is kept"
                        : "the flash size could not be detected; the image's flash size is kept");
                }
            }

            return (newMode, (byte)(size | frequency));
        }

        public override string ToString() => string.Join("/", ModeText(Mode), FrequencyText(Frequency), SizeText(Size));

        public static string ModeText(Esp32FlashMode mode) => mode.ToString().ToLowerInvariant();

        public static string FrequencyText(Esp32FlashFrequency frequency) =>
            frequency == Esp32FlashFrequency.Keep ? "keep" : frequency.ToString().Substring(4).ToLowerInvariant();

        public static string SizeText(Esp32FlashSizeSetting size) => size switch
        {
            Esp32FlashSizeSetting.Keep => "keep",
            Esp32FlashSizeSetting.Detect => "detect",
            _ => size.ToString().Substring(4),
        };

        /// <summary>The header's mode byte as esptool names it (qio, qout, dio, dout), or the hex code when unknown.</summary>
        public static string DescribeMode(byte code) => code switch
        {
            0 => "qio",
            1 => "qout",
            2 => "dio",
            3 => "dout",
            _ => string.Format(CultureInfo.InvariantCulture, "0x{0:X2}", code),
        };

        /// <summary>The frequency nibble as esptool names it.</summary>
        public static string DescribeFrequency(byte sizeFrequency) => (sizeFrequency & 0x0F) switch
        {
            0x0 => "40m",
            0x1 => "26m",
            0x2 => "20m",
            0xF => "80m",
            int other => string.Format(CultureInfo.InvariantCulture, "0x{0:X}", other),
        };

        /// <summary>The size nibble as esptool names it (32MB..128MB are in esptool's table though the ESP32 ROM addresses 16MB).</summary>
        public static string DescribeSize(byte sizeFrequency) => (sizeFrequency >> 4) switch
        {
            0 => "1MB",
            1 => "2MB",
            2 => "4MB",
            3 => "8MB",
            4 => "16MB",
            5 => "32MB",
            6 => "64MB",
            7 => "128MB",
            int other => string.Format(CultureInfo.InvariantCulture, "0x{0:X}", other << 4),
        };

        private static string Normalize(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant();
    }
}
