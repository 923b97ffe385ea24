using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// Reads string descriptors with standard GET_DESCRIPTOR requests: string 0 once for the first LANGID,
    /// then each string in that language. Strings are a courtesy, not a requirement, so a device that stalls
    /// or times out gives null; only a device that left the bus stops the caller.
    /// </summary>
    public sealed class UsbStringReader
    {
        public const byte GET_DESCRIPTOR = 0x06;

        /// <summary>US English, the LANGID nearly every device supports; used when string 0 cannot be read.</summary>
        public const ushort FallbackLanguageId = 0x0409;

        /// <summary>The timeout dfu-util uses for its string reads.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(1000);

        private const byte RequestTypeStandardDeviceIn = 0x80;
        private const int MaxDescriptorLength = 255;

        private readonly IUsbDevice device;
        private readonly OperationLog? log;
        private readonly TimeSpan timeout;
        private readonly Dictionary<byte, string?> cache = new Dictionary<byte, string?>();
        private ushort? languageId;

        public UsbStringReader(IUsbDevice device, OperationLog? log = null, TimeSpan? timeout = null)
        {
            this.device = device ?? throw new ArgumentNullException(nameof(device));
            this.log = log;
            this.timeout = timeout ?? DefaultTimeout;
        }

        /// <summary>The LANGID used for string requests (read from string 0 on first use).</summary>
        public ushort LanguageId => languageId ??= ReadLanguageId();

        /// <summary>
        /// The string at <paramref name="index"/>, or null for index 0 or when the device will not give it.
        /// Throws <see cref="UsbDeviceGoneException"/> if the device left the bus.
        /// </summary>
        public string? Read(byte index)
        {
            if (index == 0)
            {
                return null;
            }

            if (cache.TryGetValue(index, out string? known))
            {
                return known;
            }

            byte[]? raw = ReadDescriptor(index, LanguageId);
            string? text = raw is null ? null : Decode(raw, out _);
            cache[index] = text;
            return text;
        }

        /// <summary>
        /// Decodes a string descriptor as received: UTF-16LE after the 2-byte header. A bLength larger than
        /// what arrived (the STM32F427 ROM's truncated strings) is clamped to the bytes received, and a
        /// trailing odd byte is dropped. Returns null when it is not a string descriptor at all.
        /// </summary>
        public static string? Decode(byte[] received, out string? problem) => Decode(received, received?.Length ?? 0, out problem);

        public static string? Decode(byte[] received, int count, out string? problem)
        {
            // A count beyond the buffer (a caller's or a backend's mistake) is clamped first: only bytes that exist are read.
            count = Math.Min(count, received?.Length ?? 0);
            if (received is null || count < 2)
            {
                problem = $"only {count} bytes came back";
                return null;
            }

            if (received[1] != UsbDescriptorType.STRING)
            {
                problem = $"bDescriptorType is 0x{received[1]:X2}, not 0x03";
                return null;
            }

            int length = Math.Min(Math.Min(received[0], count), received.Length);
            problem = length < received[0] ? $"bLength {received[0]} but {count} bytes came back" : null;
            int payload = Math.Max(0, length - 2) & ~1;
            return Encoding.Unicode.GetString(received, 2, payload);
        }

        private ushort ReadLanguageId()
        {
            byte[]? raw = ReadDescriptor(0, 0);
            if (raw is not null && raw.Length >= 4 && raw[1] == UsbDescriptorType.STRING)
            {
                return LittleEndian.ReadUInt16(raw, 2);
            }

            log.Debug($"{device.Location}: no LANGID in string descriptor 0; asking for strings in 0x{FallbackLanguageId:X4}.");
            return FallbackLanguageId;
        }

        private byte[]? ReadDescriptor(byte index, ushort language)
        {
            var buffer = new byte[MaxDescriptorLength];
            var setup = new UsbSetupPacket(RequestTypeStandardDeviceIn, GET_DESCRIPTOR, (ushort)((UsbDescriptorType.STRING << 8) | index), language, MaxDescriptorLength);
            int count;
            try
            {
                count = device.ControlTransfer(setup, buffer, 0, timeout);
            }
            catch (UsbDeviceGoneException)
            {
                throw;
            }
            catch (UsbTransferException ex)
            {
                log.Debug($"{device.Location}: string descriptor {index.ToString(CultureInfo.InvariantCulture)} could not be read ({ex.ErrorId}).");
                return null;
            }

            count = Math.Max(0, Math.Min(count, buffer.Length));
            var received = new byte[count];
            Array.Copy(buffer, received, count);
            return received;
        }
    }
}
