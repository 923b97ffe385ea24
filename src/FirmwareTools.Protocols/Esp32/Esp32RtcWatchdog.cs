using System;
using System.Collections.Generic;
using System.Threading;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The RTC watchdog (and, where the chip has one, the super watchdog) of one chip, by register address
    /// (docs/protocols/esp32-family.md §3.3, §3.4). Over USB-Serial/JTAG a reset is only a core reset, so a watchdog the
    /// application armed keeps running in the ROM loader and resets the chip mid-flash: <see cref="Disable"/> right after
    /// connecting. Over the ROM's OTG CDC the chip leaves the loader through <see cref="Reset"/>, a watchdog system reset.
    /// One static instance per chip; each chip's target names its own (<see cref="Esp32ChipTarget.RtcWatchdog"/>).
    /// </summary>
    public sealed class Esp32RtcWatchdog
    {
        /// <summary>The write-protect key of the RTC watchdog, on every chip.</summary>
        public const uint WdtKey = 0x50D83AA1;

        /// <summary>WDT_CONFIG0 for the watchdog reset: enabled (bit 31), stage 0 resets the system (5 in bits 28-30), bit 8, 2 (§3.3).</summary>
        public const uint ResetConfig0 = (1u << 31) | (5u << 28) | (1u << 8) | 2;

        /// <summary>WDT_CONFIG1 for the watchdog reset: the stage-0 timeout in slow-clock cycles.</summary>
        public const uint ResetConfig1 = 2000;

        /// <summary>How long esptool waits for the watchdog reset to happen.</summary>
        public static readonly TimeSpan ResetWait = TimeSpan.FromMilliseconds(500);

        /// <summary>ESP32-S2 (OTG only: no USB-Serial/JTAG, no super watchdog to feed).</summary>
        public static readonly Esp32RtcWatchdog S2 = new("ESP32-S2", 2, config0: 0x3F408094, writeProtect: 0x3F4080AC, superWatchdog: null);

        /// <summary>ESP32-S3.</summary>
        public static readonly Esp32RtcWatchdog S3 = new("ESP32-S3", 9, config0: 0x60008098, writeProtect: 0x600080B0, superWatchdog: new Esp32SuperWatchdog(0x600080B4, 0x600080B8, 0x8F1D312A, 31));

        /// <summary>ESP32-C3.</summary>
        public static readonly Esp32RtcWatchdog C3 = new("ESP32-C3", 5, config0: 0x60008090, writeProtect: 0x600080A8, superWatchdog: new Esp32SuperWatchdog(0x600080AC, 0x600080B0, 0x8F1D312A, 31));

        /// <summary>ESP32-C6: the LP watchdog at 0x600B1C00 (its watchdog reset is never used: §2.6).</summary>
        public static readonly Esp32RtcWatchdog C6 = new("ESP32-C6", 13, config0: 0x600B1C00, writeProtect: 0x600B1C18, superWatchdog: new Esp32SuperWatchdog(0x600B1C1C, 0x600B1C20, 0x50D83AA1, 18));


        private Esp32RtcWatchdog(string chip, int imageChipId, uint config0, uint writeProtect, Esp32SuperWatchdog? superWatchdog)
        {
            Chip = chip;
            ImageChipId = imageChipId;
            Config0 = config0;

            // CONFIG1 follows CONFIG0 on every chip of §3.3 (S2 0x3F408098, S3 0x6000809C, C3 0x60008094, C6 0x600B1C04).
            Config1 = config0 + 4;
            WriteProtect = writeProtect;
            SuperWatchdog = superWatchdog;
        }

        /// <summary>The chip's name as detection reports it: ESP32-S3.</summary>
        public string Chip { get; }

        /// <summary>The chip id of its images (header bytes 12-13) and of GET_SECURITY_INFO.</summary>
        public int ImageChipId { get; }

        /// <summary>WDT_CONFIG0: bit 31 enables the watchdog.</summary>
        public uint Config0 { get; }

        /// <summary>WDT_CONFIG1: stage-0 timeout.</summary>
        public uint Config1 { get; }

        /// <summary>WDT_WPROTECT: <see cref="WdtKey"/> unlocks the other registers, 0 locks them.</summary>
        public uint WriteProtect { get; }

        /// <summary>The super watchdog, fed automatically once connected; null on the S2.</summary>
        public Esp32SuperWatchdog? SuperWatchdog { get; }

        /// <summary>
        /// Disables the RTC watchdog and sets the super watchdog to feed itself, in esptool's order (§3.4): unlock,
        /// CONFIG0 = 0, lock; unlock the super watchdog, read its CONF, set AUTO_FEED, lock.
        /// </summary>
        public void Disable(Esp32CommandLink link, CancellationToken cancellationToken)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            link.WriteRegister(WriteProtect, WdtKey, cancellationToken: cancellationToken);
            link.WriteRegister(Config0, 0, cancellationToken: cancellationToken);
            link.WriteRegister(WriteProtect, 0, cancellationToken: cancellationToken);
            if (SuperWatchdog is Esp32SuperWatchdog swd)
            {
                link.WriteRegister(swd.WriteProtect, swd.Key, cancellationToken: cancellationToken);
                uint conf = link.ReadRegister(swd.Conf, cancellationToken);
                link.WriteRegister(swd.Conf, conf | (1u << swd.AutoFeedBit), cancellationToken: cancellationToken);
                link.WriteRegister(swd.WriteProtect, 0, cancellationToken: cancellationToken);
            }
        }

        /// <summary>
        /// Resets the whole chip through the watchdog (§3.3): unlock, CONFIG1 = 2000, CONFIG0 = system reset, lock. The
        /// chip resets while the last write may still be answered, so a lost reply there is expected; the caller waits
        /// <see cref="ResetWait"/> (and, on OTG, for the port to come back).
        /// </summary>
        public void Reset(Esp32CommandLink link, CancellationToken cancellationToken)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            link.WriteRegister(WriteProtect, WdtKey, cancellationToken: cancellationToken);
            link.WriteRegister(Config1, ResetConfig1, cancellationToken: cancellationToken);
            link.WriteRegister(Config0, ResetConfig0, cancellationToken: cancellationToken);
            try
            {
                link.WriteRegister(WriteProtect, 0, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is Esp32ProtocolException || e is Serial.SerialPortLostException)
            {
                // The chip may already be resetting: the port drops or the reply never comes.
            }
        }

        public override string ToString() => Chip;
    }
}
