using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using static FirmwareTools.Simulators.Rp2.Rp2RomProtocol;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The PICOBOOT state machine (docs/protocols/rp2-uf2-picoboot.md §3.2–3.8, §5.3): command packet checks in the ROM's order, the data phase in 256-byte
/// chunks with each chunk's flash work done before more is accepted, the ACK after the work, errors as STALLs (RP2040: only
/// the data endpoint, and no-data commands acknowledged with status OK whatever happened; RP2350: recorded, both endpoints),
/// the two control requests, REBOOTING once a reboot is scheduled.
/// </summary>
public sealed partial class VirtualRp2BootRom
{
    private Phase phase;
    private bool haltedIn;
    private bool haltedOut;
    private uint statusToken;
    private uint statusCode;
    private byte statusCommand;
    private bool inProgress;
    private byte exclusive;
    private bool xipActive = true;
    private int commandCount;
    private int picobootPages;
    private uint pendingAddress;
    private uint pendingRemaining;
    private bool pendingToFlash;
    private byte[] pendingIn = [];
    private int pendingInOffset;
    private readonly byte[] pageBuffer = new byte[PageSize];
    private int pageFill;
    private Action? afterAck;
    private LoggedPicobootCommand? current;
    private readonly byte[] sram = new byte[0x82000];

    private enum Phase
    {
        Idle,
        DataOut,
        DataIn,
        AckToHost,
        AckFromHost,
    }

    /// <summary>bExclusive as last set (0 after IF_RESET).</summary>
    public byte ExclusiveAccess => exclusive;

    public bool InHalted => haltedIn;

    public bool OutHalted => haltedOut;

    private bool IsRp2040 => Chip == Rp2Chip.Rp2040;

    protected override int HandleBulk(byte endpoint, Span<byte> data, TimeSpan timeout)
    {
        lock (rom)
        {
            ThrowIfGone();
            if (!ClaimedInterfaces.Contains(PicobootInterfaceNumber))
            {
                throw new UsbIOException($"Interface {PicobootInterfaceNumber} of {Describe()} is not claimed (LIBUSB_ERROR_NOT_FOUND).", Describe(), "LIBUSB_ERROR_NOT_FOUND");
            }

            return endpoint switch
            {
                PicobootOutEndpoint => BulkOut(data),
                PicobootInEndpoint => BulkIn(data),
                _ => throw new UsbIOException($"{Describe()} has no bulk endpoint 0x{endpoint:X2}.", Describe(), "LIBUSB_ERROR_IO"),
            };
        }
    }

    protected override void OnClearHalt(byte endpoint)
    {
        lock (rom)
        {
            if (endpoint == PicobootInEndpoint)
            {
                haltedIn = false;
            }
            else if (endpoint == PicobootOutEndpoint)
            {
                haltedOut = false;
            }
        }
    }

    protected override int HandleRequest(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        lock (rom)
        {
            if (setup.RequestType == InterfaceResetType && setup.Request == InterfaceResetRequest && setup.Index == PicobootInterfaceNumber && setup.Length == 0)
            {
                InterfaceReset();
                return 0;
            }

            if (setup.RequestType == CommandStatusType && setup.Request == CommandStatusRequest && setup.Index == PicobootInterfaceNumber && setup.Length == 16)
            {
                var status = new byte[16];
                BitConverter.GetBytes(statusToken).CopyTo(status, 0);
                BitConverter.GetBytes(statusCode).CopyTo(status, 4);
                status[8] = statusCommand;
                status[9] = inProgress ? (byte)1 : (byte)0;
                status.CopyTo(buffer, offset);
                return 16;
            }

            // GET_STATUS on an endpoint: bit 0 = halted.
            if (setup.RequestType == 0x82 && setup.Request == 0x00 && setup.Length == 2)
            {
                bool halted = setup.Index == PicobootInEndpoint ? haltedIn : setup.Index == PicobootOutEndpoint && haltedOut;
                buffer[offset] = halted ? (byte)1 : (byte)0;
                buffer[offset + 1] = 0;
                return 2;
            }

            throw new UsbStallException($"{Describe()} stalled {setup}.", Describe());
        }
    }

    private void InterfaceReset()
    {
        haltedIn = false;
        haltedOut = false;
        phase = Phase.Idle;
        statusToken = 0;
        statusCode = StatusOk;
        statusCommand = 0;
        inProgress = false;
        exclusive = 0;
        afterAck = null;
        pageFill = 0;
    }

    private int BulkOut(Span<byte> data)
    {
        if (haltedOut)
        {
            throw new UsbStallException($"{Describe()} stalled the bulk OUT endpoint 0x03 (LIBUSB_ERROR_PIPE).", Describe());
        }

        TransferTime(data.Length);
        switch (phase)
        {
            case Phase.Idle:
                Command(data);
                return data.Length;
            case Phase.DataOut:
                return ReceiveData(data);
            case Phase.AckFromHost when data.Length == 0:
                Complete();
                return 0;
            default:
                // The device has not armed its OUT endpoint: the host's packet is NAKed until its timeout.
                throw new UsbTimeoutException($"{Describe()} NAKed a bulk OUT of {data.Length} byte(s) while it waits to send (LIBUSB_ERROR_TIMEOUT).", Describe());
        }
    }

    private int BulkIn(Span<byte> data)
    {
        if (haltedIn)
        {
            throw new UsbStallException($"{Describe()} stalled the bulk IN endpoint 0x84 (LIBUSB_ERROR_PIPE).", Describe());
        }

        switch (phase)
        {
            case Phase.DataIn:
                int count = Math.Min(data.Length, pendingIn.Length - pendingInOffset);
                pendingIn.AsSpan(pendingInOffset, count).CopyTo(data);
                pendingInOffset += count;
                TransferTime(count);
                if (pendingInOffset == pendingIn.Length)
                {
                    phase = Phase.AckFromHost;
                }

                return count;
            case Phase.AckToHost:
                if (Faults.EraseNeverAcknowledged && current?.CommandId == CmdFlashErase)
                {
                    throw new UsbTimeoutException($"{Describe()} did not acknowledge the erase in time (LIBUSB_ERROR_TIMEOUT).", Describe());
                }

                Complete();
                Action? then = afterAck;
                afterAck = null;
                then?.Invoke();
                return 0;
            default:
                throw new UsbTimeoutException($"{Describe()} had nothing to send on bulk IN 0x84 (LIBUSB_ERROR_TIMEOUT).", Describe());
        }
    }

    private void Command(Span<byte> packet)
    {
        commandCount++;
        if (packet.Length != CommandPacketSize || BitConverter.ToUInt32(packet[..4]) != CommandMagic)
        {
            // Not a command: both endpoints stall and the status stays as it was.
            haltedIn = haltedOut = true;
            return;
        }

        uint token = BitConverter.ToUInt32(packet[4..8]);
        byte id = packet[8];
        byte size = packet[9];
        uint transferLength = BitConverter.ToUInt32(packet[12..16]);
        byte[] args = packet[16..32].ToArray();
        current = new LoggedPicobootCommand(token, id, BitConverter.ToUInt32(args, 0), BitConverter.ToUInt32(args, 4), transferLength);
        Commands.Add(current);
        statusToken = token;
        statusCommand = id;
        statusCode = StatusOk;
        inProgress = true;

        if (!Known(id))
        {
            FailBoth(StatusUnknownCmd);
        }
        else if (size != ArgumentSize(id))
        {
            FailBoth(StatusInvalidCmdLength);
        }
        else if (!TransferLengthValid(id, transferLength, args))
        {
            FailBoth(StatusInvalidTransferLength);
        }
        else if (Faults.StallCommandNumber == commandCount)
        {
            FailBoth(StatusUnknownError);
        }
        else if (RebootScheduled)
        {
            Refuse(id, StatusRebooting);
        }
        else
        {
            Dispatch(id, args, transferLength);
        }
    }

    private bool Known(byte id) => IsRp2040
        ? id is CmdExclusiveAccess or CmdReboot or CmdFlashErase or CmdRead or CmdWrite or CmdExitXip or CmdEnterCmdXip or CmdExec or CmdVectorizeFlash
        : id is CmdExclusiveAccess or CmdFlashErase or CmdRead or CmdWrite or CmdExitXip or CmdEnterCmdXip or CmdReboot2 or CmdGetInfo or CmdOtpRead or CmdOtpWrite;

    private static bool TransferLengthValid(byte id, uint transferLength, byte[] args) => id switch
    {
        CmdRead or CmdWrite => transferLength == BitConverter.ToUInt32(args, 4),
        CmdGetInfo => transferLength <= 256,
        CmdOtpRead or CmdOtpWrite => true,
        _ => transferLength == 0,
    };

    private void Dispatch(byte id, byte[] args, uint transferLength)
    {
        uint a0 = BitConverter.ToUInt32(args, 0);
        uint a1 = BitConverter.ToUInt32(args, 4);
        switch (id)
        {
            case CmdExclusiveAccess:
                exclusive = args[0];
                Acknowledge();
                break;
            case CmdReboot:
                uint delay = BitConverter.ToUInt32(args, 8);
                afterAck = () => ScheduleReboot(TimeSpan.FromMilliseconds(delay), bootFlash: a0 == 0, flags: null);
                Acknowledge();
                break;
            case CmdFlashErase:
                Erase(a0, a1);
                break;
            case CmdRead:
                StartRead(a0, a1);
                break;
            case CmdWrite:
                StartWrite(a0, a1);
                break;
            case CmdExitXip:
                xipActive = false;
                Acknowledge();
                break;
            case CmdEnterCmdXip:
                xipActive = IsRp2040 || xipActive;
                Acknowledge();
                break;
            case CmdReboot2:
                Reboot2(a0, a1);
                break;
            case CmdGetInfo:
                GetInfo(args, transferLength);
                break;
            default:
                // EXEC, VECTORIZE_FLASH, OTP: not modelled; the ROM's answer for a refused request.
                Refuse(id, StatusNotPermitted);
                break;
        }
    }

    private void Erase(uint address, uint size)
    {
        if (address % SectorSize != 0 || size % SectorSize != 0)
        {
            Refuse(CmdFlashErase, StatusBadAlignment);
            return;
        }

        if (!InFlashWindow(address, size))
        {
            Refuse(CmdFlashErase, StatusInvalidAddress);
            return;
        }

        if (Interleaved())
        {
            Refuse(CmdFlashErase, StatusInterleavedWrite);
            return;
        }

        for (uint sector = address; sector < address + size; sector += SectorSize)
        {
            CountXip();
            Work(Settings.SectorEraseTime);
            Flash.EraseSector(sector);
        }

        lastMutationFromDrive = false;
        Acknowledge();
    }

    private void StartRead(uint address, uint size)
    {
        AddressKind kind = Classify(address, size, forWrite: false);
        if (kind == AddressKind.Invalid)
        {
            Refuse(CmdRead, StatusInvalidAddress);
            return;
        }

        if (kind == AddressKind.Flash && address % PageSize != 0)
        {
            Refuse(CmdRead, StatusBadAlignment);
            return;
        }

        pendingIn = kind switch
        {
            AddressKind.Flash => Flash.Read(address, (int)size),
            AddressKind.Ram => sram.AsSpan(SramOffset(address), (int)size).ToArray(),
            _ => new byte[size],
        };
        pendingInOffset = 0;
        phase = size == 0 ? Phase.AckFromHost : Phase.DataIn;
    }

    private void StartWrite(uint address, uint size)
    {
        AddressKind kind = Classify(address, size, forWrite: true);
        if (kind == AddressKind.Invalid)
        {
            Refuse(CmdWrite, StatusInvalidAddress);
            return;
        }

        if (kind == AddressKind.Flash && address % PageSize != 0)
        {
            Refuse(CmdWrite, StatusBadAlignment);
            return;
        }

        if (kind == AddressKind.Flash && Interleaved())
        {
            Refuse(CmdWrite, StatusInterleavedWrite);
            return;
        }

        pendingAddress = address;
        pendingRemaining = size;
        pendingToFlash = kind == AddressKind.Flash;
        pageFill = 0;
        phase = size == 0 ? Phase.AckToHost : Phase.DataOut;
    }

    /// <summary>Takes data in 256-byte chunks; each chunk is programmed (whole buffer, stale bytes and all) before more is taken.</summary>
    private int ReceiveData(Span<byte> data)
    {
        int taken = 0;
        while (taken < data.Length && pendingRemaining > 0)
        {
            pageBuffer[pageFill++] = data[taken++];
            pendingRemaining--;
            if (pageFill == PageSize || pendingRemaining == 0)
            {
                ProgramChunk();
            }
        }

        if (pendingRemaining == 0)
        {
            phase = Phase.AckToHost;
        }

        return taken;
    }

    private void ProgramChunk()
    {
        if (pendingToFlash)
        {
            BeforeProgramPage?.Invoke(picobootPages);
            CountXip();
            Work(Settings.PageProgramTime);
            if (Faults.StuckPageAddress is not uint stuck || Flash.Offset(stuck) != Flash.Offset(pendingAddress))
            {
                Flash.ProgramPage(pendingAddress, pageBuffer);
            }

            lastMutationFromDrive = false;
            picobootPages++;
            if (Faults.DisconnectAfterPages == picobootPages)
            {
                Disconnect();
                throw new UsbDeviceGoneException($"{Describe()} was unplugged during a write (LIBUSB_ERROR_NO_DEVICE).", Describe());
            }
        }
        else
        {
            pageBuffer.AsSpan(0, pageFill).CopyTo(sram.AsSpan(SramOffset(pendingAddress)));
        }

        pendingAddress += PageSize;
        pageFill = 0;
    }

    private void Reboot2(uint flags, uint delay)
    {
        uint type = flags & Reboot2TypeMask;
        if (type is not (Reboot2TypeNormal or Reboot2TypeBootsel or Reboot2TypeFlashUpdate))
        {
            Refuse(CmdReboot2, StatusInvalidArg);
            return;
        }

        afterAck = () => ScheduleReboot(TimeSpan.FromMilliseconds(delay), bootFlash: type != Reboot2TypeBootsel, flags);
        Acknowledge();
    }

    private void GetInfo(byte[] args, uint transferLength)
    {
        uint p0 = BitConverter.ToUInt32(args, 4);
        uint[] words;
        switch (args[0])
        {
            case 1 when (p0 & 0x01) != 0:
                words = [4, 0x1, 0, (uint)Settings.ChipId, (uint)(Settings.ChipId >> 32)];
                break;
            case 3:
                bool accepted = p0 is FamilyAbsolute or FamilyRp2350ArmS or FamilyRp2350RiscV;
                uint lastSector = (Flash.Size / SectorSize) - 1;
                words = accepted ? [3, 0xFF, lastSector << 13, 0] : [3, 0xFFFFFFFF, 0, 0];
                break;
            case 4:
                words = [4, uf2Status, uf2Family, (uint)uf2Seen.Count, uf2NumBlocks];
                break;
            default:
                Refuse(CmdGetInfo, StatusPreconditionNotMet);
                return;
        }

        var reply = new byte[transferLength];
        for (int i = 0; i < words.Length && (i * 4) + 4 <= reply.Length; i++)
        {
            BitConverter.GetBytes(words[i]).CopyTo(reply, i * 4);
        }

        pendingIn = reply;
        pendingInOffset = 0;
        phase = reply.Length == 0 ? Phase.AckFromHost : Phase.DataIn;
    }

    /// <summary>A refused task. RP2040: no-data commands are acknowledged with status OK (the result is not recorded), data commands stall their data endpoint. RP2350: recorded, both stall.</summary>
    private void Refuse(byte id, uint code)
    {
        bool hasData = id is CmdRead or CmdWrite or CmdGetInfo;
        if (IsRp2040 && !hasData)
        {
            Acknowledge();
            return;
        }

        statusCode = code;
        inProgress = false;
        current!.Status = code;
        current.Stalled = true;
        phase = Phase.Idle;
        if (IsRp2040)
        {
            if ((id & 0x80) != 0)
            {
                haltedIn = true;
            }
            else
            {
                haltedOut = true;
            }
        }
        else
        {
            haltedIn = haltedOut = true;
        }
    }

    private void FailBoth(uint code)
    {
        statusCode = code;
        inProgress = false;
        current!.Status = code;
        current.Stalled = true;
        haltedIn = haltedOut = true;
        phase = Phase.Idle;
    }

    private void Acknowledge() => phase = Phase.AckToHost;

    private void Complete()
    {
        inProgress = false;
        phase = Phase.Idle;
        if (current != null)
        {
            current.Status = statusCode;
        }
    }

    private void CountXip()
    {
        if (xipActive)
        {
            FlashWorkWithXipActive++;
        }
    }

    /// <summary>PICOBOOT flash work while a drive transfer is half done and nobody asked for exclusive access.</summary>
    private bool Interleaved() => exclusive == 0 && lastMutationFromDrive && uf2Seen.Count > 0 && uf2Seen.Count < uf2NumBlocks;

    private uint FlashWindowEnd => IsRp2040 ? 0x20000000u : 0x12000000u;

    private bool InFlashWindow(uint address, uint size) => address >= FlashStart && (ulong)address + size <= FlashWindowEnd;

    private enum AddressKind
    {
        Invalid,
        Flash,
        Ram,
        Rom,
    }

    private AddressKind Classify(uint address, uint size, bool forWrite)
    {
        ulong end = (ulong)address + size;
        if (InFlashWindow(address, size))
        {
            return AddressKind.Flash;
        }

        uint sramEnd = IsRp2040 ? 0x20042000u : 0x20082000u;
        (uint xipStart, uint xipEnd) = IsRp2040 ? (0x15000000u, 0x15004000u) : (0x13FFC000u, 0x14000000u);
        if ((address >= 0x20000000 && end <= sramEnd) || (address >= xipStart && end <= xipEnd))
        {
            return AddressKind.Ram;
        }

        return !forWrite && IsRp2040 && end <= 0x2000 ? AddressKind.Rom : AddressKind.Invalid;
    }

    private int SramOffset(uint address) => address >= 0x20000000 ? (int)(address - 0x20000000) : (int)(address & 0x3FFF);
}
