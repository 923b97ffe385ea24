namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// Faults to inject into the virtual ESP32 (docs/protocols/esp32-rom-loader.md §8.5). Change them at any time; the board reads
/// them when the event they affect happens. Occurrence numbers count from 1 since the board was created.
/// </summary>
public sealed class VirtualEsp32Faults
{
    private readonly object gate = new();
    private int syncsToSwallow;
    private int noiseRepliesLeft;

    /// <summary>Bytes sent before each of the next <see cref="NoiseReplyCount"/> reply frames (a boot log tail, line noise).</summary>
    public IReadOnlyList<byte> Noise { get; set; } = [];

    /// <summary>How many reply frames get <see cref="Noise"/> in front of them; int.MaxValue = all.</summary>
    public int NoiseReplyCount
    {
        get
        {
            lock (gate)
            {
                return noiseRepliesLeft;
            }
        }

        set
        {
            lock (gate)
            {
                noiseRepliesLeft = value;
            }
        }
    }

    /// <summary>The Nth command with this opcode gets no reply at all (opcode, occurrence).</summary>
    public (byte Opcode, int Occurrence)? DropReply { get; set; }

    /// <summary>The Nth command with this opcode gets a reply with an invalid SLIP escape (0xDB 0x00) in the middle.</summary>
    public (byte Opcode, int Occurrence)? CorruptReply { get; set; }

    /// <summary>The next N SYNC frames in download mode are ignored (on top of <see cref="VirtualEsp32Settings.FirstSyncLost"/>).</summary>
    public int SwallowSyncs
    {
        get
        {
            lock (gate)
            {
                return syncsToSwallow;
            }
        }

        set
        {
            lock (gate)
            {
                syncsToSwallow = value;
            }
        }
    }

    /// <summary>SPI_FLASH_MD5 answers a digest that does not match the flash.</summary>
    public bool WrongMd5 { get; set; }

    /// <summary>Flash status-register protection: erases and programs do nothing (reported as success unless the ROM's read-back check catches it).</summary>
    public bool FlashWriteProtected { get; set; }

    /// <summary>Programming fails outright: FLASH_DATA / FLASH_DEFL_DATA reply 0x08 (flash write error).</summary>
    public bool FlashWriteError { get; set; }

    /// <summary>Above this baud rate the link corrupts every byte in both directions (a USB bridge that cannot do the rate).</summary>
    public int? LinkFailsAboveBaud { get; set; }

    /// <summary>Nothing the host sends reaches the chip (the host-to-chip line is dead); the boot banner still appears.</summary>
    public bool HostToChipLineDead { get; set; }

    /// <summary>GPIO0 is never seen low (broken strap / BOOT circuit): every reset boots the application.</summary>
    public bool StrapStuckHigh { get; set; }

    /// <summary>The cable is cut after this many FLASH_DATA / FLASH_DEFL_DATA payload bytes (data part) have been received.</summary>
    public long? DisconnectAfterFlashDataBytes { get; set; }

    internal bool TakeSwallowedSync()
    {
        lock (gate)
        {
            if (syncsToSwallow <= 0)
            {
                return false;
            }

            syncsToSwallow--;
            return true;
        }
    }

    internal byte[] TakeNoise()
    {
        lock (gate)
        {
            if (noiseRepliesLeft <= 0 || Noise.Count == 0)
            {
                return [];
            }

            if (noiseRepliesLeft != int.MaxValue)
            {
                noiseRepliesLeft--;
            }

            return [.. Noise];
        }
    }
}
