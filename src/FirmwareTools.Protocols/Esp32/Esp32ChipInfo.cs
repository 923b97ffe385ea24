using System.Collections.Generic;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>What the ROM and the eFuses say about the chip (docs/protocols/esp32-rom-loader.md §4).</summary>
    public sealed class Esp32ChipInfo
    {
        /// <summary>Chip family: ESP32, ESP32-S3...</summary>
        public string Chip { get; init; } = string.Empty;

        /// <summary>The chip id image headers and GET_SECURITY_INFO use for this chip (ESP32 0, S2 2, S3 9, C3 5, C6 13).</summary>
        public int ChipId { get; init; }

        /// <summary>The magic register value the family was recognised by.</summary>
        public uint Magic { get; init; }

        /// <summary>Package and revision, as esptool prints it: ESP32-D0WDQ6 (revision v1.0).</summary>
        public string Description { get; init; } = string.Empty;

        public int MajorRevision { get; init; }

        public int MinorRevision { get; init; }

        /// <summary>major × 100 + minor, the form image headers use for their revision range.</summary>
        public int RevisionFull => MajorRevision * 100 + MinorRevision;

        /// <summary>Base MAC from eFuse, lower-case, colon-separated.</summary>
        public string Mac { get; init; } = string.Empty;

        public IReadOnlyList<string> Features { get; init; } = new string[0];

        /// <summary>Crystal frequency in MHz, snapped to 26/40/48.</summary>
        public int CrystalMhz { get; init; }

        /// <summary>True when UART_CLKDIV's estimate was more than 1 MHz from the snapped value.</summary>
        public bool CrystalEstimateUnusual { get; init; }

        /// <summary>SPI pad configuration for SPI_ATTACH: 0 for the default pins.</summary>
        public uint SpiPadConfig { get; init; }

        public override string ToString() => Description;
    }
}
