using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// What the chips after the ESP32 (S2, S3, C3, C6) share in their ROM loaders (docs/protocols/esp32-family.md §1):
    /// FLASH_BEGIN and FLASH_DEFL_BEGIN carry a fifth word (20 bytes), the crystal is a fixed 40 MHz (nothing is measured
    /// and CHANGE_BAUDRATE needs no correction), SPI_ATTACH is always 0, the SPI1 user-command registers sit at other
    /// offsets, and the identity is in eFuse BLK1 (§2.3). Each chip adds its addresses and its decoding.
    /// </summary>
    public abstract class Esp32LaterChipTarget : Esp32ChipTarget
    {
        /// <summary>SPI1 user-command register offsets on these chips (§1): USR 0x18, USR2 0x20, MISO_DLEN 0x28, W0 0x58.</summary>
        public const uint SpiUsrOffset = 0x18;
        public const uint SpiUsr2Offset = 0x20;
        public const uint SpiMisoDlenOffset = 0x28;
        public const uint SpiW0Offset = 0x58;

        /// <summary>The fixed crystal of all four chips (§2.1).</summary>
        public const int CrystalMhz = 40;

        private Esp32SpiRegisters? spi;

        public override bool BeginHasEncryptedWord => true;

        /// <summary>SPI_REG_BASE of SPI1 (§2.1).</summary>
        public abstract uint SpiRegisterBase { get; }

        /// <summary>Where BLK1's word 0 is (MAC word 0; §2.1).</summary>
        public abstract uint EfuseBlock1Base { get; }

        /// <summary>BLK2's base, for the chips that read its word 4 (S2, S3); null for the others.</summary>
        public virtual uint? EfuseBlock2Base => null;

        public override Esp32SpiRegisters Spi => spi ??= new Esp32SpiRegisters(SpiRegisterBase, SpiUsrOffset, SpiUsr2Offset, SpiMisoDlenOffset, SpiW0Offset);

        /// <summary>Reads the eFuse words this chip is described by (§2.3).</summary>
        public Esp32EfuseBlocks ReadEfuses(Esp32CommandLink link, CancellationToken cancellationToken)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            var words = new uint[Esp32EfuseBlocks.Block1Words];
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = link.ReadRegister(EfuseBlock1Base + (uint)(4 * i), cancellationToken);
            }

            uint block2Word4 = EfuseBlock2Base is uint blk2 ? link.ReadRegister(blk2 + 4 * 4, cancellationToken) : 0;
            return new Esp32EfuseBlocks(words, block2Word4);
        }

        public override Esp32ChipInfo ReadIdentity(Esp32CommandLink link, uint magic, CancellationToken cancellationToken) =>
            Describe(ReadEfuses(link, cancellationToken), magic);

        /// <summary>Name, revision, features and MAC from the eFuse words, with the strings esptool prints (§2.4).</summary>
        public abstract Esp32ChipInfo Describe(Esp32EfuseBlocks efuses, uint magic);

        /// <summary>
        /// The revision as the S3 and C3 lay it out in BLK1 (§2.3): major w5 25:24, minor (w5 bit 23)&lt;&lt;3 | w3 20:18.
        /// </summary>
        protected static (int Major, int Minor) RevisionInW3W5(Esp32EfuseBlocks efuses)
        {
            if (efuses is null)
            {
                throw new ArgumentNullException(nameof(efuses));
            }

            uint w5 = efuses.W(5);
            return (Esp32EfuseBlocks.Bits(w5, 25, 24), (Esp32EfuseBlocks.Bits(w5, 23, 23) << 3) | Esp32EfuseBlocks.Bits(efuses.W(3), 20, 18));
        }

        /// <summary>"Embedded Flash 8MB (XMC)": the size named for the capability code, then the vendor when it is known (§2.4).</summary>
        protected static string EmbeddedFlash(string? size, string? vendor)
        {
            string what = size is null ? "Unknown Embedded Flash" : "Embedded Flash " + size;
            return vendor is null ? what : what + " (" + vendor + ")";
        }

        /// <summary>The ChipInfo every later chip reports: 40 MHz crystal, SPI_ATTACH 0, the base MAC from BLK1 w0/w1.</summary>
        protected Esp32ChipInfo Info(Esp32EfuseBlocks efuses, uint magic, string packageName, (int Major, int Minor) revision, IReadOnlyList<string> features) => new Esp32ChipInfo
        {
            Chip = Name,
            ChipId = ImageChipId,
            Magic = magic,
            MajorRevision = revision.Major,
            MinorRevision = revision.Minor,
            Description = string.Format(CultureInfo.InvariantCulture, "{0} (revision v{1}.{2})", packageName, revision.Major, revision.Minor),
            Mac = Esp32Efuse.Mac(efuses.W(0), efuses.W(1)),
            Features = features,
            CrystalMhz = CrystalMhz,
            SpiPadConfig = 0,
        };
    }
}
