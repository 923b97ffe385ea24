using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>
    /// The 32-byte PICOBOOT command sent in one bulk OUT transfer: dMagic 0x431FD10B, dToken, bCmdId, bCmdSize (argument
    /// bytes, which must equal the command's table value), two zero bytes, dTransferLength (0 = no data phase) and 16
    /// argument bytes, zero-filled. Little-endian throughout.
    /// </summary>
    public sealed class PicobootCommand
    {
        public const int Size = 32;
        public const uint Magic = 0x431FD10B;
        public const int ArgumentsOffset = 16;
        public const int MaxArgumentsLength = 16;

        private readonly byte[] arguments;

        private PicobootCommand(PicobootCommandId id, byte[] arguments, uint transferLength)
        {
            Id = id;
            this.arguments = arguments;
            TransferLength = transferLength;
        }

        public PicobootCommandId Id { get; }

        /// <summary>bCmdSize: the argument bytes this command carries.</summary>
        public byte ArgumentsLength => (byte)arguments.Length;

        public uint TransferLength { get; }

        /// <summary>True when the data phase flows device to host (bit 7 of bCmdId).</summary>
        public bool IsDeviceToHost => ((byte)Id & 0x80) != 0;

        /// <summary>For messages: "FLASH_ERASE 0x10001000 +4096".</summary>
        public string Description { get; private set; } = string.Empty;

        /// <summary>bExclusive: 0 off, 1 on, 2 on and eject the drive.</summary>
        public static PicobootCommand ExclusiveAccess(PicobootExclusiveMode mode) =>
            Create(PicobootCommandId.ExclusiveAccess, new[] { (byte)mode }, 0, "EXCLUSIVE_ACCESS " + (byte)mode);

        /// <summary>RP2040: watchdog reset after <paramref name="delayMilliseconds"/>; dPC 0 boots flash.</summary>
        public static PicobootCommand Reboot(uint pc, uint sp, uint delayMilliseconds) =>
            Create(PicobootCommandId.Reboot, Words(pc, sp, delayMilliseconds), 0, string.Format(CultureInfo.InvariantCulture, "REBOOT pc 0x{0:X8} sp 0x{1:X8} {2} ms", pc, sp, delayMilliseconds));

        /// <summary>Erases <paramref name="size"/> bytes from <paramref name="address"/>; both multiples of 4096.</summary>
        public static PicobootCommand FlashErase(uint address, uint size) =>
            Create(PicobootCommandId.FlashErase, Words(address, size), 0, Range("FLASH_ERASE", address, size));

        public static PicobootCommand Read(uint address, uint size) =>
            Create(PicobootCommandId.Read, Words(address, size), size, Range("READ", address, size));

        /// <summary>Programs <paramref name="size"/> bytes at <paramref name="address"/> (256-aligned, whole pages); never erases.</summary>
        public static PicobootCommand Write(uint address, uint size) =>
            Create(PicobootCommandId.Write, Words(address, size), size, Range("WRITE", address, size));

        public static PicobootCommand ExitXip() => Create(PicobootCommandId.ExitXip, new byte[0], 0, "EXIT_XIP");

        /// <summary>RP2350: dFlags (type in the low nibble, TO_ARM 0x10, TO_RISCV 0x20), dDelayMS, dParam0, dParam1.</summary>
        public static PicobootCommand Reboot2(Rp2Reboot2Flags flags, uint delayMilliseconds, uint param0, uint param1) =>
            Create(PicobootCommandId.Reboot2, Words((uint)flags, delayMilliseconds, param0, param1), 0,
                string.Format(CultureInfo.InvariantCulture, "REBOOT2 flags 0x{0:X4} {1} ms 0x{2:X8} 0x{3:X8}", (uint)flags, delayMilliseconds, param0, param1));

        /// <summary>RP2350: bType, bParam, wParam, dParams[3]; the reply is at most <paramref name="replyLength"/> bytes of u32 words.</summary>
        public static PicobootCommand GetInfo(PicobootInfoType type, uint param0, uint replyLength)
        {
            var args = new byte[16];
            args[0] = (byte)type;
            WriteUInt32(args, 4, param0);
            return Create(PicobootCommandId.GetInfo, args, replyLength, string.Format(CultureInfo.InvariantCulture, "GET_INFO type {0} 0x{1:X}", (byte)type, param0));
        }

        /// <summary>The 32 bytes on the wire with <paramref name="token"/> as dToken.</summary>
        public byte[] Encode(uint token)
        {
            var packet = new byte[Size];
            WriteUInt32(packet, 0, Magic);
            WriteUInt32(packet, 4, token);
            packet[8] = (byte)Id;
            packet[9] = ArgumentsLength;
            WriteUInt32(packet, 12, TransferLength);
            Array.Copy(arguments, 0, packet, ArgumentsOffset, arguments.Length);
            return packet;
        }

        public override string ToString() => Description;

        internal static void WriteUInt32(byte[] bytes, int offset, uint value)
        {
            bytes[offset] = (byte)value;
            bytes[offset + 1] = (byte)(value >> 8);
            bytes[offset + 2] = (byte)(value >> 16);
            bytes[offset + 3] = (byte)(value >> 24);
        }

        internal static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

        private static PicobootCommand Create(PicobootCommandId id, byte[] arguments, uint transferLength, string description) =>
            new PicobootCommand(id, arguments, transferLength) { Description = description };

        private static byte[] Words(params uint[] words)
        {
            var bytes = new byte[words.Length * 4];
            for (int i = 0; i < words.Length; i++)
            {
                WriteUInt32(bytes, i * 4, words[i]);
            }

            return bytes;
        }

        private static string Range(string name, uint address, uint size) =>
            string.Format(CultureInfo.InvariantCulture, "{0} 0x{1:X8} +{2}", name, address, size);
    }
}
