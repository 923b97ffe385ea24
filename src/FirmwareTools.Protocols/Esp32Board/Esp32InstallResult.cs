using System;
using System.Collections.Generic;

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
            Regions = regions;
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

        /// <summary>True when the board was reset to boot the new firmware.</summary>
        public bool Reset { get; }

        public TimeSpan Elapsed { get; }
    }
}
