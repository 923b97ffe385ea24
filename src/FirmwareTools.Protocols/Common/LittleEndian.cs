namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Little-endian fields in byte arrays: USB descriptors, DFU suffixes, DfuSe files, ESP32 packets and images, the
    /// USB bridge's frames and Pycom's otadata all store multi-byte numbers lowest byte first.
    /// </summary>
    public static class LittleEndian
    {
        public static ushort ReadUInt16(byte[] bytes, int offset) => (ushort)(bytes[offset] | (bytes[offset + 1] << 8));

        public static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

        public static void WriteUInt16(byte[] bytes, int offset, ushort value)
        {
            bytes[offset] = (byte)value;
            bytes[offset + 1] = (byte)(value >> 8);
        }

        public static void WriteUInt32(byte[] bytes, int offset, uint value)
        {
            bytes[offset] = (byte)value;
            bytes[offset + 1] = (byte)(value >> 8);
            bytes[offset + 2] = (byte)(value >> 16);
            bytes[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>The four bytes of <paramref name="value"/>, lowest first.</summary>
        public static byte[] Bytes(uint value)
        {
            var bytes = new byte[4];
            WriteUInt32(bytes, 0, value);
            return bytes;
        }

    }
}
