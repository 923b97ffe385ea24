using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Simulators.Esp32;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// The modelled physical floor of a ROM-loader job at a fixed rate: every FLASH_DEFL_DATA frame on the wire (SLIP
/// delimiters and escapes, the 8-byte packet header, the 16-byte data header, the compressed bytes) at 10 bits per byte,
/// plus the flash time the ROM cannot overlap with the wire because it replies only when done: the erase of each region
/// at FLASH_DEFL_BEGIN and the programming of every byte, as the simulator's model charges them.
/// </summary>
internal sealed record Esp32Floor(long CompressedBytes, long WireBytes, int Blocks, TimeSpan Wire, TimeSpan Erase, TimeSpan Program)
{
    public TimeSpan Total => Wire + Erase + Program;

    public static Esp32Floor For(Esp32BenchmarkJob job, int baud, VirtualEsp32Settings settings)
    {
        long compressed = 0;
        long wire = 0;
        int blocks = 0;
        long sectors = 0;
        long programmed = 0;
        foreach ((uint offset, byte[] data) in job.Regions)
        {
            long length = (data.Length + 3) / 4 * 4;
            foreach (byte[] block in Esp32BenchmarkJob.CompressedBlocks(data))
            {
                compressed += block.Length;
                wire += Esp32Packet.Frame(Esp32Command.FlashDeflData, Esp32Packet.DataPayload(block, 0, block.Length, 0)).Length;
                blocks++;
            }

            long erase = (length + Esp32Protocol.FlashWriteSize - 1) / Esp32Protocol.FlashWriteSize * Esp32Protocol.FlashWriteSize;
            sectors += (offset + erase + Esp32Protocol.FlashSectorSize - 1) / Esp32Protocol.FlashSectorSize - offset / Esp32Protocol.FlashSectorSize;
            programmed += length;
        }

        double bytesPerSecond = baud / 10.0;
        return new Esp32Floor(
            compressed,
            wire,
            blocks,
            TimeSpan.FromSeconds(wire / bytesPerSecond),
            settings.SectorEraseTime * sectors,
            settings.ProgramTimePerByte * programmed);
    }
}
