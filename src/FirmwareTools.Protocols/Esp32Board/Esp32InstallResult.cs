using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>What Install-Esp32Firmware did to one board. Only produced after every region was written (and verified unless -NoVerify).</summary>
    public sealed class Esp32InstallResult
    {
        public Esp32InstallResult(string port, string chip, string mac, long flashSize, int baudRate, IReadOnlyList<Esp32RegionResult> regions, bool reset, TimeSpan elapsed)
        {
            Port = port;
            Chip = chip;
            Mac = mac;
            FlashSize = flashSize;
            BaudRate = baudRate;
            Regions = TextList<Esp32RegionResult>.Of(regions ?? Array.Empty<Esp32RegionResult>());
            RegionCount = regions?.Count ?? 0;
            Verified = RegionCount > 0 && regions!.All(r => r.Verified);
            Reset = reset;
            Elapsed = elapsed;
        }

        public string Port { get; }

        /// <summary>Chip and revision: ESP32-D0WDQ6 (revision v1.0).</summary>
        public string Chip { get; }

        public string Mac { get; }

        /// <summary>Detected flash size in bytes.</summary>
        public long FlashSize { get; }

        /// <summary>The rate the data went at (the flash baud, or the connect rate after a fallback).</summary>
        public int BaudRate { get; }

        public IReadOnlyList<Esp32RegionResult> Regions { get; }

        /// <summary>How many regions were written (a plain number: remoting serializes one level deep, so Regions arrives as strings).</summary>
        public int RegionCount { get; }

        /// <summary>True when every region was written and its MD5 read back from the flash matched (false with -NoVerify).</summary>
        public bool Verified { get; }

        /// <summary>True when the board was reset to boot the new firmware.</summary>
        public bool Reset { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>The connection used: UsbUartBridge, UsbSerialJtag or UsbOtg (docs/protocols/esp32-family.md §3.1).</summary>
        public Protocols.Esp32.Esp32Connection Connection { get; init; }

        /// <summary>The port the board has after the final reset when it re-enumerated under another name (OTG); null when it kept its port or was not followed.</summary>
        public string? PortAfterReset { get; init; }
    }
}
