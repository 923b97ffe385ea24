namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>One file to write at one flash offset, as the user gave it (-Image @{ 0x1000 = 'bootloader.bin' }).</summary>
    public sealed class Esp32Region
    {
        public Esp32Region(uint offset, string path)
        {
            Offset = offset;
            Path = path;
        }

        public uint Offset { get; }

        public string Path { get; }
    }
}
