using FirmwareTools.Protocols.Images;
using static FirmwareTools.Simulators.Rp2.Rp2RomProtocol;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The BOOTSEL drive's write processing (docs/protocols/rp2-uf2-picoboot.md §2.3): every 512-byte sector written at any LBA is looked at; what is not
/// a UF2 block the ROM acts on is ignored; a change of numBlocks (RP2350: or family) starts a new transfer; block numbers
/// are tracked order-free; each block's sector is erased once per transfer (RP2040: indexed by blockNo × 256 / 4096, the
/// E14 erratum; RP2350: by address) and its page programmed; the last distinct block schedules the reboot.
/// </summary>
public sealed partial class VirtualRp2BootRom
{
    private readonly HashSet<uint> uf2Seen = [];
    private readonly HashSet<uint> uf2Erased = [];
    private uint uf2NumBlocks;
    private uint uf2Family;
    private bool uf2Active;
    private uint uf2Status;
    private bool lastMutationFromDrive;

    /// <summary>The volume the drive shows (label, INFO_UF2.TXT, INDEX.HTM), for reads and for fsck.fat.</summary>
    public Rp2BootselVolume Volume => new(Chip, SerialNumber, Chip == Rp2Chip.Rp2350 ? (uint)((uint)(Settings.ChipId >> 32) * 31 + (uint)Settings.ChipId) : 0x2A3B4C5D);

    /// <summary>Blocks of the current drive transfer programmed so far.</summary>
    public int DriveBlocksWritten => uf2Seen.Count;

    /// <summary>The RP2350 UF2 status bits (IGNORED_FAMILY 0x01, EXCLUSIVELY_LOCKED 0x10, BAD_ADDRESS 0x20).</summary>
    public uint Uf2Status => uf2Status;

    /// <summary>Reads a sector of the drive; writes are never stored, so reads show the fixed volume.</summary>
    public byte[] ReadDriveSector(long lba)
    {
        lock (rom)
        {
            ThrowIfGone();
            ThrowIfEjected();
            return Volume.ReadSector(lba);
        }
    }

    /// <summary>A SCSI WRITE of one 512-byte sector at <paramref name="lba"/>, processed as the ROM does (§2.3).</summary>
    public void WriteDriveSector(long lba, ReadOnlySpan<byte> sector)
    {
        lock (rom)
        {
            ThrowIfGone();
            ThrowIfEjected();
            if (sector.Length != 512)
            {
                throw new ArgumentException("A drive sector is 512 bytes.", nameof(sector));
            }

            ProcessUf2Block(sector);
        }
    }

    /// <summary>Copies a file's bytes to the drive sector by sector from <paramref name="firstLba"/> (the OS picks free clusters; the ROM does not care).</summary>
    public void CopyToDrive(byte[] content, long firstLba = 0x1000)
    {
        for (int offset = 0; offset + 512 <= content.Length; offset += 512)
        {
            WriteDriveSector(firstLba + (offset / 512), content.AsSpan(offset, 512));
        }
    }

    private void ThrowIfEjected()
    {
        if (exclusive == 2)
        {
            throw new IOException($"{Describe()}: medium not present (PICOBOOT holds exclusive access with eject).");
        }
    }

    private void ProcessUf2Block(ReadOnlySpan<byte> b)
    {
        if (BitConverter.ToUInt32(b[..4]) != Uf2MagicStart0 || BitConverter.ToUInt32(b[4..8]) != Uf2MagicStart1 || BitConverter.ToUInt32(b[508..]) != Uf2MagicEnd)
        {
            return;
        }

        uint flags = BitConverter.ToUInt32(b[8..12]);
        uint address = BitConverter.ToUInt32(b[12..16]);
        uint payload = BitConverter.ToUInt32(b[16..20]);
        uint blockNo = BitConverter.ToUInt32(b[20..24]);
        uint numBlocks = BitConverter.ToUInt32(b[24..28]);
        uint family = BitConverter.ToUInt32(b[28..32]);
        if ((flags & Uf2FlagFamilyIdPresent) == 0 || (flags & Uf2FlagNotMainFlash) != 0 || payload != PageSize)
        {
            return;
        }

        if (!FamilyAccepted(family))
        {
            uf2Status |= IsRp2040 ? 0 : Uf2StatusIgnoredFamily;
            return;
        }

        if (exclusive != 0)
        {
            // RP2040 drops the write silently; RP2350 records that PICOBOOT held the flash.
            uf2Status |= IsRp2040 ? 0 : Uf2StatusExclusivelyLocked;
            return;
        }

        bool flashPage = address % PageSize == 0 && InFlashWindow(address, PageSize);
        if (!flashPage)
        {
            DropOrFlag();
            return;
        }

        if (!uf2Active || numBlocks != uf2NumBlocks || (!IsRp2040 && family != uf2Family))
        {
            StartTransfer(numBlocks, family);
        }

        if (blockNo >= numBlocks)
        {
            DropOrFlag();
            return;
        }

        if (!uf2Seen.Add(blockNo))
        {
            return;
        }

        uint eraseKey = IsRp2040 ? blockNo * PageSize / SectorSize : Flash.Offset(address) / SectorSize;
        if (uf2Erased.Add(eraseKey))
        {
            Work(Settings.SectorEraseTime);
            Flash.EraseSector(address);
        }

        Work(Settings.PageProgramTime);
        Flash.ProgramPage(address, b.Slice(32, PageSize));
        lastMutationFromDrive = true;
        if (uf2Seen.Count == uf2NumBlocks)
        {
            uint? arch = IsRp2040 ? null : Reboot2TypeFlashUpdate | (family == FamilyRp2350RiscV ? Reboot2ToRiscV : Reboot2ToArm);
            ScheduleReboot(Settings.EffectiveUf2RebootDelay, bootFlash: true, arch);
        }
    }

    private bool FamilyAccepted(uint family) =>
        IsRp2040 ? family == FamilyRp2040 : family is FamilyAbsolute or FamilyRp2350ArmS or FamilyRp2350RiscV;

    private void StartTransfer(uint numBlocks, uint family)
    {
        uf2Active = true;
        uf2NumBlocks = numBlocks;
        uf2Family = family;
        uf2Seen.Clear();
        uf2Erased.Clear();
        xipActive = false;
    }

    /// <summary>A bad block: the RP2040 drops its transfer state (the count never completes, no reboot); the RP2350 flags BAD_ADDRESS.</summary>
    private void DropOrFlag()
    {
        if (IsRp2040)
        {
            uf2Active = false;
            uf2Seen.Clear();
            uf2Erased.Clear();
        }
        else
        {
            uf2Status |= Uf2StatusBadAddress;
        }
    }
}
