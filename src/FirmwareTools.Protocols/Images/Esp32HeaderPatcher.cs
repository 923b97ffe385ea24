using System;
using System.IO;
using System.Security.Cryptography;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Writes flash mode, frequency and size into the image at its chip's bootloader offset the way esptool ≥ 4.8 does
    /// (docs/protocols/esp32-rom-loader.md §5): only at that offset, only when something is not <c>keep</c>, only when the bytes parse as a valid image
    /// for the chip (an encrypted blob may start with 0xE9 by chance and must go out untouched), and with the appended
    /// SHA-256 computed again over the image from byte 0 through the checksum byte. Bytes after the digest (the partition
    /// table and app of a MicroPython merged .bin) are kept.
    /// </summary>
    public static class Esp32HeaderPatcher
    {
        /// <summary>Header offset of the flash mode byte; the size/frequency byte follows it.</summary>
        public const int FlashModeOffset = 2;

        public const int FlashSizeFrequencyOffset = 3;

        /// <summary>
        /// Patches a copy of <paramref name="data"/> that will be written at <paramref name="offset"/>.
        /// <paramref name="detectedFlashSize"/> is what the chip's JEDEC id reported (needed for <c>detect</c>).
        /// </summary>
        public static Esp32HeaderPatch Patch(byte[] data, uint offset, Esp32FlashParameters parameters, long? detectedFlashSize, string name)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (parameters is null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            ushort before = data.Length >= 4 ? (ushort)(data[FlashModeOffset] << 8 | data[FlashSizeFrequencyOffset]) : (ushort)0;
            if (parameters.KeepsAll)
            {
                return Unchanged(data, before, null);
            }

            if (!Esp32Chips.IsBootloaderOffset(offset))
            {
                // esptool patches only the bootloader: an app's header fields are not read by anything.
                return Unchanged(data, before, null);
            }

            if (data.Length == 0 || data[0] != Esp32Image.Magic)
            {
                return Unchanged(data, before, $"'{name}' does not look like an image file (no 0xE9 at its start); flash parameters not set");
            }

            Esp32Image image;
            try
            {
                image = Esp32Image.Read(new MemoryStream(data, writable: false), name);
            }
            catch (Esp32ImageException e)
            {
                return Unchanged(data, before, $"'{name}' is not a valid ESP32 image ({e.Reason}); flash parameters not set, written as it is");
            }

            if (Esp32Chips.BootloaderOffset(image.ChipId) != offset)
            {
                // esptool patches only the bootloader, at its chip's offset (0x1000 on ESP32 and S2, 0x0 on S3/C3/C6,
                // docs/protocols/esp32-family.md §2.1): an app's header fields are not read by anything.
                return Unchanged(data, before, null);
            }

            (byte mode, byte sizeFrequency) = parameters.Apply(data[FlashModeOffset], data[FlashSizeFrequencyOffset], detectedFlashSize, image.ChipId, out string? warning);
            ushort after = (ushort)(mode << 8 | sizeFrequency);
            if (after == before)
            {
                return Unchanged(data, before, warning);
            }

            var patched = (byte[])data.Clone();
            patched[FlashModeOffset] = mode;
            patched[FlashSizeFrequencyOffset] = sizeFrequency;
            bool recomputed = false;
            if (image.HashAppended)
            {
                // Length covers the digest; the hash is over everything before it (header through the checksum byte).
                int hashed = (int)image.Length - Esp32Image.DigestLength;
                using SHA256 sha = SHA256.Create();
                byte[] digest = sha.ComputeHash(patched, 0, hashed);
                Buffer.BlockCopy(digest, 0, patched, hashed, Esp32Image.DigestLength);
                recomputed = true;
            }

            return new Esp32HeaderPatch(patched, true, before, after, recomputed, warning);
        }

        private static Esp32HeaderPatch Unchanged(byte[] data, ushort header, string? note) => new Esp32HeaderPatch(data, false, header, header, false, note);
    }
}
