using System.Diagnostics;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// The STM32F405 ROM DFU bootloader (0483:df11) behind <see cref="IUsbDevice"/>, per docs/protocols/dfu-dfuse.md §8:
/// the DFU 1.1 state machine with ST's DfuSe block semantics, flash that must be erased before it is written,
/// read protection, leave, a time-scaled timing model with the ROM's "busy" hold-off, and fault injection.
/// It follows what the ROM does, not what our client happens to send, because independent hosts (webdfu)
/// drive it too.
/// </summary>
public sealed class VirtualStm32Bootloader : VirtualUsbDevice
{
    public const uint FlashStart = 0x08000000;
    public const uint OptionBytesStart = 0x1FFFC000;
    public const uint OtpStart = 0x1FFF7800;
    public const uint DeviceFeatureStart = 0xFFFF0000;

    /// <summary>The RDP option byte value of level 0 (no protection); 0xCC is level 2, anything else level 1.</summary>
    public const byte RdpLevel0 = 0xAA;
    public const byte RdpLevel2 = 0xCC;

    /// <summary>The get-commands list of AN2662/AN3156 (the Cube library omits 0x92).</summary>
    public static readonly IReadOnlyList<byte> CommandList = [DfuSeCommands.GetCommands, DfuSeCommands.SetAddressPointer, DfuSeCommands.Erase, DfuSeCommands.ReadUnprotect];

    private static readonly int[] F405SectorSizes =
    [
        16 * 1024, 16 * 1024, 16 * 1024, 16 * 1024, 64 * 1024,
        128 * 1024, 128 * 1024, 128 * 1024, 128 * 1024, 128 * 1024, 128 * 1024, 128 * 1024,
    ];

    private readonly VirtualMemoryArea[] areas;
    private readonly List<LoggedDfuRequest> log = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private BootloaderState state;
    private BootloaderStatus status;
    private uint pointer = FlashStart;
    private int alternateSetting;
    private PendingOperation? pending;
    private BootloaderStatus? completedStatus;
    private long busyUntilTicks;
    private long downloadedBytes;
    private int? lastShortBlock;

    public VirtualStm32Bootloader(string serialNumber = "3061B4493536", UsbDeviceLocation? location = null, VirtualStm32BootloaderSettings? settings = null)
        : this(serialNumber, location ?? new UsbDeviceLocation(1, 4, "1-1.4"), (settings ?? new VirtualStm32BootloaderSettings()).Clone(), null)
    {
    }

    /// <summary>A bootloader over the memory of an earlier one (the same chip entering its ROM again: the virtual lab).</summary>
    internal VirtualStm32Bootloader(string serialNumber, UsbDeviceLocation location, VirtualStm32BootloaderSettings settings, VirtualMemoryArea[]? memory)
        : base(location, Stm32F405BootloaderDescriptors.Device(), [Stm32F405BootloaderDescriptors.Configuration()], Stm32F405BootloaderDescriptors.Strings(serialNumber))
    {
        SerialNumber = serialNumber;
        Settings = settings;
        areas = memory ??
        [
            new VirtualMemoryArea("Internal Flash", FlashStart, F405SectorSizes, erasable: true),
            new VirtualMemoryArea("Option Bytes", OptionBytesStart, [16], erasable: false),
            new VirtualMemoryArea("OTP Memory", OtpStart, [512, 16], erasable: false),
            new VirtualMemoryArea("Device Feature", DeviceFeatureStart, [4], erasable: false, fill: 0x00),
        ];
        if (memory is null)
        {
            // Factory option bytes as RM0090 documents OPTCR's reset value (USER 0xEC, RDP 0xAA, nWRP 0xFFF),
            // with the complement bytes; the exact ROM view of this area is [U].
            byte[] defaults = [0xEC, RdpLevel0, 0x13, 0x55, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF];
            Array.Copy(defaults, OptionBytes.Bytes, defaults.Length);
            if (settings.ReadProtected)
            {
                OptionBytes.Bytes[1] = 0x55;
            }
        }

        state = settings.InitialState;
        status = settings.InitialStatus;
    }

    public string SerialNumber { get; }

    /// <summary>The chip's memory areas (flash, option bytes, OTP, device feature), shared with a later bootloader of the same chip.</summary>
    internal VirtualMemoryArea[] Memory => areas;

    /// <summary>The settings this device runs with (a copy of what the constructor got; changes apply at once).</summary>
    public VirtualStm32BootloaderSettings Settings { get; }

    public VirtualMemoryArea FlashArea => areas[0];

    public VirtualMemoryArea OptionBytes => areas[1];

    public VirtualMemoryArea Otp => areas[2];

    /// <summary>The internal flash, live (1 MiB at 0x08000000).</summary>
    public byte[] Flash => areas[0].Bytes;

    /// <summary>Erase count per internal-flash sector (index = sector number 0..11).</summary>
    public int[] SectorEraseCounts
    {
        get
        {
            lock (EndpointZero)
            {
                return (int[])areas[0].EraseCounts.Clone();
            }
        }
    }

    /// <summary>Every class request received, in order (GET_DESCRIPTOR is not logged).</summary>
    public IReadOnlyList<LoggedDfuRequest> RequestLog
    {
        get
        {
            lock (EndpointZero)
            {
                return log.ToArray();
            }
        }
    }

    public BootloaderState State
    {
        get
        {
            lock (EndpointZero)
            {
                FinishBusyIfDue();
                return state;
            }
        }
    }

    public BootloaderStatus Status
    {
        get
        {
            lock (EndpointZero)
            {
                return status;
            }
        }
    }

    public uint AddressPointer
    {
        get
        {
            lock (EndpointZero)
            {
                return pointer;
            }
        }
    }

    public int CurrentAlternateSetting => alternateSetting;

    /// <summary>
    /// Data blocks that followed a short block with the next block number. With the fixed-size address formula
    /// (§4.1) such a block lands after a gap, so a correct host never sends one; tests assert this stays 0.
    /// </summary>
    public int ShortBlockViolations { get; private set; }

    /// <summary>RDP level 1 is active (the RDP option byte is neither 0xAA nor 0xCC).</summary>
    public bool IsReadProtected => OptionBytes.Bytes[1] != RdpLevel0 && OptionBytes.Bytes[1] != RdpLevel2;

    /// <summary>What enumerated after this device left the bus (the application or the bootloader again); null when nothing did (yet).</summary>
    public VirtualUsbDevice? Successor { get; private set; }

    /// <summary>Raised when <see cref="Successor"/> is plugged in.</summary>
    public event EventHandler<VirtualUsbDevice>? Reenumerated;

    // ---- Fault injection: each knob is off by default and can be changed while a test runs. ----

    /// <summary>STALL the class request with this number (1-based, as in <see cref="RequestLog"/>); the device goes to dfuERROR/errSTALLEDPKT.</summary>
    public int? StallOnRequest { get; set; }

    /// <summary>Never answer the class request with this number: the host waits out its timeout. The request has no effect.</summary>
    public int? TimeoutOnRequest { get; set; }

    /// <summary>STALL GETSTATUS while an erase or write is still running (the STM32L4 behaviour dfu-util works around).</summary>
    public bool StallGetStatusWhileBusy { get; set; }

    /// <summary>Drop off the bus during the data DNLOAD that would take the downloaded total past this many bytes.</summary>
    public long? DisconnectAfterDownloadBytes { get; set; }

    /// <summary>Called with the data bytes accepted so far before each data block is taken; may block to pause the host mid-write.</summary>
    public Action<long>? BeforeDownloadBlock { get; set; }

    /// <summary>Called with the address of each data UPLOAD block before it is read; may block to pause the host mid-read.</summary>
    public Action<long>? BeforeUploadBlock { get; set; }

    /// <summary>A data block covering this address ends in dfuERROR with <see cref="FailWriteStatus"/>.</summary>
    public uint? FailWriteAddress { get; set; }

    public BootloaderStatus FailWriteStatus { get; set; } = BootloaderStatus.errWRITE;

    /// <summary>One-shot: the next first GETSTATUS after a DNLOAD reports (and enters) this state instead of dfuDNBUSY; the operation completes at once.</summary>
    public BootloaderState? WrongFirstPollState { get; set; }

    /// <summary>Report this bwPollTimeout in every dfuDNBUSY reply instead of the ROM's values (a bogus device).</summary>
    public uint? PollTimeoutOverride { get; set; }

    protected override void OnAlternateSettingChanged(int interfaceNumber, int alternateSetting)
    {
        lock (EndpointZero)
        {
            this.alternateSetting = alternateSetting;
        }
    }

    protected override int HandleRequest(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        int number = log.Count + 1;
        byte[] data = setup.IsDeviceToHost ? [] : buffer.AsSpan(offset, setup.Length).ToArray();
        log.Add(new LoggedDfuRequest(number, setup, data));

        WaitReal(Scale(Settings.ControlTransferTime + (Settings.ControlPacketTime * ((setup.Length + 63) / 64))));

        if (TimeoutOnRequest == number)
        {
            WaitReal(Scale(timeout));
            throw new UsbTimeoutException($"{Describe()} did not answer {setup} (injected timeout).", Describe());
        }

        if (!WaitWhileBusy(setup, timeout, buffer, offset, out int politeReply))
        {
            return politeReply;
        }

        if (StallOnRequest == number)
        {
            throw Stall(setup, "injected stall");
        }

        if ((setup.RequestType & 0x7F) != DfuClassRequest.RequestTypeOut || setup.Index != 0)
        {
            throw Stall(setup, "not a DFU request to interface 0");
        }

        return setup.Request switch
        {
            DfuClassRequest.DFU_DNLOAD when setup.RequestType == DfuClassRequest.RequestTypeOut => Download(setup, data),
            DfuClassRequest.DFU_UPLOAD when setup.RequestType == DfuClassRequest.RequestTypeIn => Upload(setup, buffer, offset),
            DfuClassRequest.DFU_GETSTATUS when setup.RequestType == DfuClassRequest.RequestTypeIn => GetStatus(setup, buffer, offset),
            DfuClassRequest.DFU_GETSTATE when setup.RequestType == DfuClassRequest.RequestTypeIn => GetState(setup, buffer, offset),
            DfuClassRequest.DFU_CLRSTATUS when setup.RequestType == DfuClassRequest.RequestTypeOut => ClearStatus(setup),
            DfuClassRequest.DFU_ABORT when setup.RequestType == DfuClassRequest.RequestTypeOut => Abort(setup),
            _ => throw Stall(setup, "request not supported in DFU mode"),
        };
    }

    private int Download(UsbSetupPacket setup, byte[] data)
    {
        if (state is not (BootloaderState.dfuIDLE or BootloaderState.dfuDNLOAD_IDLE))
        {
            throw Stall(setup, $"DNLOAD is not allowed in {state}");
        }

        if (setup.Length > Settings.TransferSize)
        {
            throw Stall(setup, "wLength exceeds wTransferSize");
        }

        if (setup.Length == 0)
        {
            // ST accepts a zero-length DNLOAD in dfuIDLE too: it is DfuSe's "leave".
            state = BootloaderState.dfuMANIFEST_SYNC;
            status = BootloaderStatus.OK;
            return 0;
        }

        if (setup.Value == DfuSeCommands.CommandBlock)
        {
            pending = ParseCommand(data);
            lastShortBlock = null;
        }
        else if (setup.Value == 1)
        {
            throw Stall(setup, "block 1 is not used by DfuSe");
        }
        else
        {
            // A test's hook may block here to hold the host mid-write at a known point (e.g. to stop the pipeline there).
            BeforeDownloadBlock?.Invoke(downloadedBytes);
            if (DisconnectAfterDownloadBytes is long limit && downloadedBytes + data.Length > limit)
            {
                Disconnect();
                throw new UsbDeviceGoneException($"{Describe()} left the bus during a download (injected).", Describe());
            }

            downloadedBytes += data.Length;
            if (lastShortBlock == setup.Value - 1)
            {
                ShortBlockViolations++;
            }

            lastShortBlock = data.Length < Settings.TransferSize ? setup.Value : null;
            long address = pointer + ((long)(setup.Value - DfuSeCommands.FirstDataBlock) * Settings.TransferSize);
            pending = new PendingOperation(PendingKind.Write, address, data);
        }

        state = BootloaderState.dfuDNLOAD_SYNC;
        status = BootloaderStatus.OK;
        completedStatus = null;
        return setup.Length;
    }

    private static PendingOperation ParseCommand(byte[] data)
    {
        uint AddressAt1() => (uint)(data[1] | (data[2] << 8) | (data[3] << 16) | (data[4] << 24));
        return (data[0], data.Length) switch
        {
            (DfuSeCommands.SetAddressPointer, 5) => new PendingOperation(PendingKind.SetAddress, AddressAt1(), data),
            (DfuSeCommands.Erase, 5) => new PendingOperation(PendingKind.EraseSector, AddressAt1(), data),
            (DfuSeCommands.Erase, 1) => new PendingOperation(PendingKind.MassErase, 0, data),
            (DfuSeCommands.ReadUnprotect, 1) => new PendingOperation(PendingKind.ReadUnprotect, 0, data),
            _ => new PendingOperation(PendingKind.BadCommand, 0, data),
        };
    }

    private int GetStatus(UsbSetupPacket setup, byte[] buffer, int offset)
    {
        switch (state)
        {
            case BootloaderState.dfuDNLOAD_SYNC when pending is not null:
                return StartPendingOperation(setup, buffer, offset);
            case BootloaderState.dfuDNLOAD_SYNC:
                if (completedStatus is BootloaderStatus result && result != BootloaderStatus.OK)
                {
                    state = BootloaderState.dfuERROR;
                    status = result;
                }
                else
                {
                    state = BootloaderState.dfuDNLOAD_IDLE;
                    status = BootloaderStatus.OK;
                }

                completedStatus = null;
                return Reply(setup, buffer, offset, status, 0, state);
            case BootloaderState.dfuMANIFEST_SYNC:
                state = BootloaderState.dfuMANIFEST;
                int length = Reply(setup, buffer, offset, BootloaderStatus.OK, ReportedPollTimeout(Settings.ManifestPollTimeoutMs), BootloaderState.dfuMANIFEST);

                // The ROM jumps to the address pointer once this reply is out; the device leaves the bus.
                Reset(pointer, TimeSpan.Zero);
                return length;
            default:
                return Reply(setup, buffer, offset, status, 0, state);
        }
    }

    private int StartPendingOperation(UsbSetupPacket setup, byte[] buffer, int offset)
    {
        PendingOperation op = pending!;
        pending = null;
        VirtualMemoryArea area = areas[Math.Clamp(alternateSetting, 0, areas.Length - 1)];
        bool flash = area == areas[0];

        // Refusals the ROM reports on the very first poll (dfu-util: "Wrong state after command").
        BootloaderStatus? refusal = op.Kind switch
        {
            PendingKind.BadCommand => BootloaderStatus.errSTALLEDPKT,
            PendingKind.SetAddress when IsReadProtected && Settings.ReadProtectionRejectsSetAddress => BootloaderStatus.errVENDOR,
            PendingKind.EraseSector or PendingKind.MassErase or PendingKind.Write when IsReadProtected && flash => BootloaderStatus.errVENDOR,
            _ => null,
        };
        if (refusal is BootloaderStatus refused)
        {
            state = BootloaderState.dfuERROR;
            status = refused;
            return Reply(setup, buffer, offset, status, 0, state);
        }

        uint pollTimeout = PollTimeoutOverride ??
            ReportedPollTimeout(op.Kind is PendingKind.EraseSector or PendingKind.MassErase ? Settings.ErasePollTimeoutMs : Settings.CommandPollTimeoutMs);

        if (op.Kind == PendingKind.ReadUnprotect)
        {
            int sent = Reply(setup, buffer, offset, BootloaderStatus.OK, pollTimeout, BootloaderState.dfuDNBUSY);
            areas[0].EraseAll();

            OptionBytes.Bytes[1] = RdpLevel0;
            Reset(null, Settings.MassEraseTime);
            return sent;
        }

        (BootloaderStatus result, TimeSpan duration) = Execute(op, area);

        if (op.Kind == PendingKind.Write && area == OptionBytes && result == BootloaderStatus.OK)
        {
            // An option-byte write reloads the options and resets the chip: no second status (docs/protocols/dfu-dfuse.md §4.1).
            int sent = Reply(setup, buffer, offset, BootloaderStatus.OK, pollTimeout, BootloaderState.dfuDNBUSY);
            Reset(null, duration);
            return sent;
        }

        if (WrongFirstPollState is BootloaderState wrong)
        {
            WrongFirstPollState = null;
            state = wrong;
            status = result;
            return Reply(setup, buffer, offset, result, pollTimeout, wrong);
        }

        state = BootloaderState.dfuDNBUSY;
        status = BootloaderStatus.OK;
        completedStatus = result;
        busyUntilTicks = clock.ElapsedTicks + ToStopwatchTicks(Scale(duration));
        return Reply(setup, buffer, offset, BootloaderStatus.OK, pollTimeout, BootloaderState.dfuDNBUSY);
    }

    private (BootloaderStatus Result, TimeSpan Duration) Execute(PendingOperation op, VirtualMemoryArea area)
    {
        switch (op.Kind)
        {
            case PendingKind.SetAddress:
                if (!area.Contains(op.Address))
                {
                    return (BootloaderStatus.errTARGET, TimeSpan.Zero);
                }

                pointer = (uint)op.Address;
                return (BootloaderStatus.OK, TimeSpan.Zero);

            case PendingKind.EraseSector:
                if (!area.IsErasable || !area.Contains(op.Address))
                {
                    return (BootloaderStatus.errTARGET, TimeSpan.Zero);
                }

                int sector = area.SectorIndexOf(op.Address);
                area.EraseSector(sector);
                return (BootloaderStatus.OK, Settings.SectorEraseTime(area.SectorSizes[sector]));

            case PendingKind.MassErase:
                if (area != areas[0])
                {
                    return (BootloaderStatus.errTARGET, TimeSpan.Zero);
                }

                area.EraseAll();
                return (BootloaderStatus.OK, Settings.MassEraseTime);

            case PendingKind.Write:
                byte[] data = op.Data;
                if (!area.Contains(op.Address, data.Length))
                {
                    return (BootloaderStatus.errTARGET, TimeSpan.Zero);
                }

                if (FailWriteAddress is uint bad && bad >= op.Address && bad < op.Address + data.Length)
                {
                    int good = (int)(bad - op.Address);
                    area.Program(op.Address, data, 0, good);
                    return (FailWriteStatus, Settings.ProgramTime(good));
                }

                if (area == OptionBytes)
                {
                    if (data.Length != 16 || op.Address != OptionBytesStart)
                    {
                        return (BootloaderStatus.errTARGET, TimeSpan.Zero);
                    }

                    area.Store(op.Address, data, 0, data.Length);
                    return (BootloaderStatus.OK, Settings.SectorEraseTime(16 * 1024));
                }

                if (area == areas[3])
                {
                    area.Store(op.Address, data, 0, data.Length);
                    return (BootloaderStatus.OK, TimeSpan.Zero);
                }

                bool overwrote = area.Program(op.Address, data, 0, data.Length);
                BootloaderStatus written = overwrote && Settings.NonErasedWriteStatus is BootloaderStatus fault ? fault : BootloaderStatus.OK;
                return (written, Settings.ProgramTime(data.Length));

            default:
                return (BootloaderStatus.errSTALLEDPKT, TimeSpan.Zero);
        }
    }

    private int Upload(UsbSetupPacket setup, byte[] buffer, int offset)
    {
        if (state is not (BootloaderState.dfuIDLE or BootloaderState.dfuUPLOAD_IDLE))
        {
            throw Stall(setup, $"UPLOAD is not allowed in {state}");
        }

        if (setup.Length > Settings.TransferSize || setup.Length == 0)
        {
            throw Stall(setup, "wLength is 0 or exceeds wTransferSize");
        }

        if (setup.Value == DfuSeCommands.CommandBlock)
        {
            int count = Math.Min(setup.Length, CommandList.Count);
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = CommandList[i];
            }

            // The Cube library returns to dfuIDLE after the command list.
            state = BootloaderState.dfuIDLE;
            return count;
        }

        if (setup.Value == 1)
        {
            throw Stall(setup, "block 1 is not used by DfuSe");
        }

        VirtualMemoryArea area = areas[Math.Clamp(alternateSetting, 0, areas.Length - 1)];
        if (IsReadProtected && area == areas[0])
        {
            throw Stall(setup, "read protection is active", BootloaderStatus.errVENDOR);
        }

        long address = pointer + ((long)(setup.Value - DfuSeCommands.FirstDataBlock) * Settings.TransferSize);

        // A test's hook may block here to hold the host mid-read at a known point.
        BeforeUploadBlock?.Invoke(address);
        if (!area.Contains(address))
        {
            // Real behaviour on an unmapped read is undocumented [U]; we STALL and report errADDRESS.
            throw Stall(setup, $"0x{address:X8} is outside {area.Name}", BootloaderStatus.errADDRESS);
        }

        int length = (int)Math.Min(setup.Length, area.End - address);
        Array.Copy(area.Bytes, (int)(address - area.Start), buffer, offset, length);

        // ST never sends a short frame inside memory; one at the end of an area ends the upload.
        state = length < setup.Length ? BootloaderState.dfuIDLE : BootloaderState.dfuUPLOAD_IDLE;
        status = BootloaderStatus.OK;
        return length;
    }

    private int GetState(UsbSetupPacket setup, byte[] buffer, int offset)
    {
        if (setup.Length < 1)
        {
            throw Stall(setup, "GETSTATE needs one byte");
        }

        buffer[offset] = (byte)state;
        return 1;
    }

    private int ClearStatus(UsbSetupPacket setup)
    {
        if (state == BootloaderState.dfuERROR)
        {
            state = BootloaderState.dfuIDLE;
            status = BootloaderStatus.OK;
            return 0;
        }

        if (Settings.ClrStatusOutsideError == ClrStatusOutsideError.Stall)
        {
            throw Stall(setup, $"CLRSTATUS is not allowed in {state}");
        }

        state = BootloaderState.dfuERROR;
        status = BootloaderStatus.errUNKNOWN;
        return 0;
    }

    private int Abort(UsbSetupPacket setup)
    {
        if (state is not (BootloaderState.dfuIDLE or BootloaderState.dfuDNLOAD_SYNC or BootloaderState.dfuDNLOAD_IDLE or BootloaderState.dfuMANIFEST_SYNC or BootloaderState.dfuUPLOAD_IDLE))
        {
            throw Stall(setup, $"ABORT is not allowed in {state}");
        }

        pending = null;
        completedStatus = null;
        state = BootloaderState.dfuIDLE;
        status = BootloaderStatus.OK;
        return 0;
    }

    /// <summary>
    /// Applies the busy model before a request is served. Returns false when the request was already answered
    /// (polite mode), with the reply length in <paramref name="reply"/>.
    /// </summary>
    private bool WaitWhileBusy(UsbSetupPacket setup, TimeSpan timeout, byte[] buffer, int offset, out int reply)
    {
        reply = 0;
        long remaining = busyUntilTicks - clock.ElapsedTicks;
        if (state != BootloaderState.dfuDNBUSY || remaining <= 0)
        {
            FinishBusyIfDue();
            return true;
        }

        if (StallGetStatusWhileBusy && setup.Request == DfuClassRequest.DFU_GETSTATUS)
        {
            throw new UsbStallException($"{Describe()} stalled GETSTATUS while busy (injected).", Describe());
        }

        if (Settings.BusyBehavior == BusyBehavior.Polite)
        {
            switch (setup.Request)
            {
                case DfuClassRequest.DFU_GETSTATUS when setup.RequestType == DfuClassRequest.RequestTypeIn:
                    uint left = (uint)Math.Clamp(Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency), 1, 0xFFFFFF);
                    reply = Reply(setup, buffer, offset, BootloaderStatus.OK, left, BootloaderState.dfuDNBUSY);
                    return false;
                case DfuClassRequest.DFU_GETSTATE when setup.RequestType == DfuClassRequest.RequestTypeIn && setup.Length >= 1:
                    buffer[offset] = (byte)BootloaderState.dfuDNBUSY;
                    reply = 1;
                    return false;
                default:
                    throw new UsbStallException($"{Describe()} is busy and stalled {setup}.", Describe());
            }
        }

        // Hold-off: the host's timeout runs in device time too, so both sides scale alike.
        TimeSpan hostTimeout = timeout <= TimeSpan.Zero ? TimeSpan.MaxValue : Scale(timeout);
        TimeSpan busyLeft = TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency);
        if (busyLeft > hostTimeout)
        {
            WaitReal(hostTimeout);
            throw new UsbTimeoutException($"{Describe()} did not answer {setup} within {timeout.TotalMilliseconds} ms: it is still erasing or programming.", Describe());
        }

        WaitReal(busyLeft);
        FinishBusyIfDue();
        return true;
    }

    private void FinishBusyIfDue()
    {
        if (state == BootloaderState.dfuDNBUSY && clock.ElapsedTicks >= busyUntilTicks)
        {
            state = BootloaderState.dfuDNLOAD_SYNC;
        }
    }

    /// <summary>Leaves the bus, then plugs in what a reset would bring up: the application or, with BOOT0, the bootloader again.</summary>
    private void Reset(uint? jumpAddress, TimeSpan delay)
    {
        if (Settings.ReturnToBootloaderAfterLeave)
        {
            // serve-dfu --stay-in-dfu: the same bootloader again, in the state a fresh session starts in.
            state = Settings.InitialState;
            status = Settings.InitialStatus;
            return;
        }

        Disconnect();
        VirtualUsbBus? bus = Bus;
        if (!Settings.Reenumerate || bus is null)
        {
            return;
        }

        var next = new UsbDeviceLocation(Location.BusNumber, (byte)(Location.DeviceAddress + 1), Location.PortPath);
        VirtualUsbDevice? successor;
        if (jumpAddress is uint target && HasPlausibleStack(target))
        {
            successor = PyboardApplicationDescriptors.Create(next, SerialNumber);
        }
        else if (Settings.BootJumperFitted)
        {
            VirtualStm32BootloaderSettings settings = Settings.Clone();
            settings.ReadProtected = IsReadProtected;
            successor = new VirtualStm32Bootloader(SerialNumber, next, settings, areas);
        }
        else if (HasPlausibleStack(FlashStart))
        {
            successor = PyboardApplicationDescriptors.Create(next, SerialNumber);
        }
        else
        {
            return;
        }

        TimeSpan wait = Scale(delay);
        void PlugIn()
        {
            bus.Plug(successor);
            Successor = successor;
            Reenumerated?.Invoke(this, successor);
        }

        if (wait <= TimeSpan.Zero)
        {
            PlugIn();
        }
        else
        {
            _ = Task.Delay(wait).ContinueWith(_ => PlugIn(), TaskScheduler.Default);
        }
    }

    /// <summary>A vector table whose first word (the initial stack pointer) points into the F405's 128 KiB SRAM.</summary>
    private bool HasPlausibleStack(uint address)
    {
        if (!FlashArea.Contains(address, 4))
        {
            return false;
        }

        int at = (int)(address - FlashStart);
        uint sp = (uint)(Flash[at] | (Flash[at + 1] << 8) | (Flash[at + 2] << 16) | (Flash[at + 3] << 24));
        return sp > 0x20000000 && sp <= 0x20020000;
    }

    private int Reply(UsbSetupPacket setup, byte[] buffer, int offset, BootloaderStatus replyStatus, uint pollTimeout, BootloaderState replyState)
    {
        byte[] bytes = GetStatusReply.Encode(replyStatus, Math.Min(pollTimeout, GetStatusReply.MaxPollTimeout), replyState);
        int count = Math.Min(setup.Length, bytes.Length);
        Array.Copy(bytes, 0, buffer, offset, count);
        return count;
    }

    private UsbStallException Stall(UsbSetupPacket setup, string reason, BootloaderStatus code = BootloaderStatus.errSTALLEDPKT)
    {
        state = BootloaderState.dfuERROR;
        status = code;
        pending = null;
        return new UsbStallException($"{Describe()} stalled {DfuClassRequest.Name(setup.Request)} ({reason}).", Describe());
    }

    private uint ReportedPollTimeout(uint milliseconds) =>
        Settings.ScaleReportedPollTimeouts ? (uint)Math.Round(milliseconds * Settings.TimeScale) : milliseconds;

    private TimeSpan Scale(TimeSpan duration) =>
        duration == TimeSpan.MaxValue ? duration : TimeSpan.FromTicks((long)(duration.Ticks * Settings.TimeScale));

    private static long ToStopwatchTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Waits precisely: sleeps for the bulk, spins for the last millisecond (tests scale waits down to microseconds).</summary>
    private static void WaitReal(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        long end = Stopwatch.GetTimestamp() + ToStopwatchTicks(duration);
        if (duration > TimeSpan.FromMilliseconds(2))
        {
            Thread.Sleep(duration - TimeSpan.FromMilliseconds(1));
        }

        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < end)
        {
            spinner.SpinOnce(-1);
        }
    }

    private enum PendingKind
    {
        SetAddress,
        EraseSector,
        MassErase,
        ReadUnprotect,
        Write,
        BadCommand,
    }

    private sealed record PendingOperation(PendingKind Kind, long Address, byte[] Data);
}
