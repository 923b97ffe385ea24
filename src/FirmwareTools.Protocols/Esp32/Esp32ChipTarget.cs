using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// What differs from one chip of the ESP32 family to the next, as esptool's <c>targets/</c> classes hold it: how the
    /// chip is recognised (magic values, chip id), how its ROM frames some commands (status length, 16- or 20-byte
    /// FLASH_BEGIN), where its registers and eFuses are, how its identity is read, and where its bootloader goes. The
    /// command link, connecting and the flash operations use a target and never name a chip, so a new chip is one new
    /// subclass added to <see cref="Supported"/>.
    /// </summary>
    public abstract class Esp32ChipTarget
    {
        /// <summary>The chips this module can flash, each recognised by its magic value or chip id.</summary>
        public static IReadOnlyList<Esp32ChipTarget> Supported { get; } = new Esp32ChipTarget[]
        {
            Esp32Target.Instance, Esp32S2Target.Instance, Esp32S3Target.Instance, Esp32C3Target.Instance, Esp32C6Target.Instance,
        };

        /// <summary>The family name: ESP32, ESP32-S3...</summary>
        public abstract string Name { get; }

        /// <summary>Values READ_REG of <see cref="Esp32Protocol.ChipDetectMagicRegister"/> returns on this chip (§4.1).</summary>
        public abstract IReadOnlyList<uint> MagicValues { get; }

        /// <summary>The chip id in image headers (bytes 12-13) and in GET_SECURITY_INFO's reply (§4.2).</summary>
        public abstract int ImageChipId { get; }

        /// <summary>Status bytes at the end of every ROM reply: 4 on the ESP32 family's ROMs (2 on the ESP8266 and stubs).</summary>
        public virtual int StatusLength => 4;

        /// <summary>True when FLASH_BEGIN / FLASH_DEFL_BEGIN carry a fifth word (<c>encrypted</c> = 0): 20 bytes, not 16.</summary>
        public virtual bool BeginHasEncryptedWord => false;

        /// <summary>Where the second-stage bootloader (and a MicroPython merged .bin) goes.</summary>
        public abstract uint BootloaderOffset { get; }

        /// <summary>
        /// The RTC watchdog (and super watchdog) an application may leave armed: disabled after connecting over
        /// USB-Serial/JTAG, used to reset over the ROM's OTG port (docs/protocols/esp32-family.md §3.4); null on the ESP32.
        /// </summary>
        public virtual Esp32RtcWatchdog? RtcWatchdog => null;

        /// <summary>SPI1's user-command registers, for the JEDEC id.</summary>
        public abstract Esp32SpiRegisters Spi { get; }

        /// <summary>
        /// True when the magic value alone identifies the chip (ESP32, ESP32-S2: their GET_SECURITY_INFO carries no chip id,
        /// docs/protocols/esp32-family.md §2.7); false when the magic is only a hint and the chip id decides (new silicon
        /// revisions bring new magic values, §2.1).
        /// </summary>
        public virtual bool IdentifiedByMagic => false;

        /// <summary>True when the image header's legacy min_rev byte is a minor revision (the ESP32-C3), not a major one (docs/protocols/esp32-family.md §2.3).</summary>
        public virtual bool LegacyMinRevisionIsMinor => false;

        /// <summary>
        /// A register write to send, its failure ignored, before the chip is reset into its application (the ESP32-S3 clears
        /// FORCE_DOWNLOAD_BOOT, or a chip put into download mode by software comes back there, docs/protocols/esp32-family.md §2.6); null when none.
        /// </summary>
        public virtual Esp32RegisterWrite? BeforeHardReset => null;

        /// <summary>The target whose magic value is <paramref name="magic"/>; null for a chip this module cannot flash.</summary>
        public static Esp32ChipTarget? FromMagic(uint magic) => Supported.FirstOrDefault(t => t.MagicValues.Contains(magic));

        /// <summary>The target whose image / GET_SECURITY_INFO chip id is <paramref name="chipId"/>; null for a chip this module cannot flash.</summary>
        public static Esp32ChipTarget? FromChipId(int chipId) => Supported.FirstOrDefault(t => t.ImageChipId == chipId);

        /// <summary>Header byte 3's frequency nibble for <paramref name="frequency"/> on this chip (docs/protocols/esp32-family.md §4.1); null for keep or no code.</summary>
        public byte? HeaderFrequencyCode(Images.Esp32FlashFrequency frequency) => Images.Esp32Chips.FrequencyCode(ImageChipId, frequency);

        /// <summary>What the image header's legacy min_rev byte is compared with on this chip: the major revision, or the minor one on the C3.</summary>
        public int LegacyRevision(Esp32ChipInfo chip) => chip is null ? 0 : LegacyMinRevisionIsMinor ? chip.MinorRevision : chip.MajorRevision;

        /// <summary>The payload of FLASH_BEGIN / FLASH_DEFL_BEGIN in this ROM's form (16 or 20 bytes, §2.2, §2.3).</summary>
        public byte[] BeginPayload(uint eraseSize, uint blocks, uint blockSize, uint offset) =>
            BeginHasEncryptedWord
                ? Esp32Packet.Words(eraseSize, blocks, blockSize, offset, 0)
                : Esp32Packet.Words(eraseSize, blocks, blockSize, offset);

        /// <summary>Package, revision, features, crystal and MAC, read over <paramref name="link"/> (the magic is known).</summary>
        public abstract Esp32ChipInfo ReadIdentity(Esp32CommandLink link, uint magic, CancellationToken cancellationToken);

        /// <summary>The value CHANGE_BAUDRATE must carry for the link to run at <paramref name="baudRate"/> (the rate itself unless the ROM needs a correction).</summary>
        public virtual uint BaudRateToRequest(Esp32CommandLink link, int baudRate, CancellationToken cancellationToken) => (uint)baudRate;

        public override string ToString() => Name;
    }
}
