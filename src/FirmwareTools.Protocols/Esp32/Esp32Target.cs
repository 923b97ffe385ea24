using System;
using System.Collections.Generic;
using System.Threading;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The original ESP32 (esptool's <c>ESP32ROM</c>): 16-byte FLASH_BEGIN, eFuses at EFUSE_RD_REG_BASE, a crystal
    /// measured from UART_CLKDIV, and a ROM whose baud divisor needs esptool's clock correction (§2.5).
    /// </summary>
    public sealed class Esp32Target : Esp32ChipTarget
    {
        /// <summary>eFuse read block: word n at base + 4n (§4.3).</summary>
        public const uint EfuseReadRegisterBase = 0x3FF5A000;

        /// <summary>APB_CTL_DATE: bit 31 is bit 2 of the major revision.</summary>
        public const uint ApbCtlDateRegister = 0x3FF6607C;

        /// <summary>RTCCALICFG1: bits 7..31 hold the RTC calibration the ROM's clock estimate comes from (§2.5).</summary>
        public const uint RtcCaliCfg1Register = 0x3FF5F06C;

        /// <summary>UART_CLKDIV_REG: divider of UART0, baud × divider = APB clock (crystal estimate, §4.4).</summary>
        public const uint UartClockDivRegister = 0x3FF40014;

        public const uint UartClockDivMask = 0xFFFFF;

        /// <summary>SPI1 register block (§4.5).</summary>
        public const uint Spi1Base = 0x3FF42000;

        public const uint SpiUsrOffset = 0x1C;
        public const uint SpiUsr2Offset = 0x24;
        public const uint SpiMisoDlenOffset = 0x2C;
        public const uint SpiW0Offset = 0x80;

        private static readonly uint[] Magics = { Esp32Protocol.Esp32ChipMagic };

        private Esp32Target()
        {
        }

        public static Esp32Target Instance { get; } = new Esp32Target();

        public override string Name => "ESP32";

        public override IReadOnlyList<uint> MagicValues => Magics;

        /// <summary>The ESP32 ROM has no GET_SECURITY_INFO: its magic alone identifies it (§4.2).</summary>
        public override bool IdentifiedByMagic => true;

        public override int ImageChipId => Esp32Chips.Esp32ChipId;

        public override uint BootloaderOffset => Esp32Chips.Esp32BootloaderOffset;

        public override Esp32SpiRegisters Spi { get; } = new Esp32SpiRegisters(Spi1Base, SpiUsrOffset, SpiUsr2Offset, SpiMisoDlenOffset, SpiW0Offset);

        public override Esp32ChipInfo ReadIdentity(Esp32CommandLink link, uint magic, CancellationToken cancellationToken)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            var words = new uint[Esp32Efuse.WordsRead];
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = link.ReadRegister(EfuseReadRegisterBase + (uint)(4 * i), cancellationToken);
            }

            uint apbDate = link.ReadRegister(ApbCtlDateRegister, cancellationToken);
            uint clockDiv = link.ReadRegister(UartClockDivRegister, cancellationToken);
            Esp32ChipInfo info = Esp32Efuse.Decode(magic, words, apbDate, clockDiv, link.Port.BaudRate);
            if (info.CrystalEstimateUnusual)
            {
                link.Log.Warning($"The crystal estimate from UART_CLKDIV is unusual; assuming {info.CrystalMhz} MHz.");
            }

            return info;
        }

        /// <summary>
        /// The ESP32 ROM computes its new UART divisor from its own estimate of the clock (RTC calibration × CK_8M eFuse),
        /// not from the crystal, so esptool (v4.5+) scales the requested rate by estimate / nominal crystal (§2.5). A chip
        /// whose estimate reads as 0 gets the plain rate.
        /// </summary>
        public override uint BaudRateToRequest(Esp32CommandLink link, int baudRate, CancellationToken cancellationToken)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            uint cali = (link.ReadRegister(RtcCaliCfg1Register, cancellationToken) >> 7) & 0x1FFFFFF;
            uint ck8m = link.ReadRegister(EfuseReadRegisterBase + 4 * 4, cancellationToken) & 0xFF;
            double romFrequency = cali * 15625.0 * ck8m / 40;
            if (romFrequency <= 0)
            {
                return (uint)baudRate;
            }

            double nominal = romFrequency > 33e6 ? 40e6 : 26e6;
            return (uint)Math.Round(baudRate * romFrequency / nominal);
        }
    }
}
