namespace FirmwareTools.Simulators.Rp2;

/// <summary>Faults the virtual boot ROM can be told to produce (docs/protocols/rp2-uf2-picoboot.md §5.7).</summary>
public sealed class VirtualRp2Faults
{
    /// <summary>The n-th PICOBOOT command (1-based, counting every command packet) stalls both endpoints with UNKNOWN_ERROR.</summary>
    public int? StallCommandNumber { get; set; }

    /// <summary>The board is unplugged after this many pages were programmed over PICOBOOT (mid-write).</summary>
    public int? DisconnectAfterPages { get; set; }

    /// <summary>A page that does not program: writes to it leave the flash as it was, and the ROM reports nothing.</summary>
    public uint? StuckPageAddress { get; set; }

    /// <summary>Another program holds the PICOBOOT interface: claiming it fails with LIBUSB_ERROR_BUSY.</summary>
    public bool InterfaceClaimedElsewhere { get; set; }

    /// <summary>The ACK of an erase never comes (the host's timeout runs out): an erase longer than the ACK timeout.</summary>
    public bool EraseNeverAcknowledged { get; set; }
}
