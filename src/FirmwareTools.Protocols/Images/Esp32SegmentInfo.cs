using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>One segment of an ESP32 image for display: where it loads, how long it is, which memory that is.</summary>
    public sealed class Esp32SegmentInfo
    {
        public Esp32SegmentInfo(int index, uint loadAddress, uint length, long fileOffset)
        {
            Index = index;
            LoadAddress = loadAddress;
            Length = length;
            FileOffset = fileOffset;
            Memory = Classify(loadAddress);
        }

        public int Index { get; }

        public uint LoadAddress { get; }

        public uint Length { get; }

        public long FileOffset { get; }

        /// <summary>DROM, DRAM, IRAM, IROM, RTC_IRAM, RTC_DATA (the ESP32 map of docs/protocols/esp32-rom-loader.md §7), PADDING for load address 0, else "?".</summary>
        public string Memory { get; }

        /// <summary>The ESP32 memory a load address falls in (docs/protocols/esp32-rom-loader.md §7); PADDING segments load at 0 and only fill the file.</summary>
        public static string Classify(uint address) => address switch
        {
            0 => "PADDING",
            >= 0x3F400000 and < 0x3F800000 => "DROM",
            >= 0x3FFAE000 and < 0x40000000 => "DRAM",
            >= 0x40080000 and < 0x400A0000 => "IRAM",
            >= 0x400C0000 and < 0x400C2000 => "RTC_IRAM",
            >= 0x400D0000 and < 0x40400000 => "IROM",
            >= 0x50000000 and < 0x50002000 => "RTC_DATA",
            _ => "?",
        };

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} 0x{1:X8} {2} bytes ({3})", Index, LoadAddress, Length, Memory);
    }
}
