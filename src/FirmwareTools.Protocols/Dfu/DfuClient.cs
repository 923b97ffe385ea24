using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// A DFU 1.1 + ST DfuSe session on one interface and alternate setting of a device (brief §3, §4). It brings
    /// the device to dfuIDLE without ever sending CLRSTATUS outside dfuERROR, polls the way pydfu does (no blind
    /// sleeps: the device holds the second GETSTATUS off until it is done), writes an element with one Set
    /// Address and consecutive block numbers, reads by length, and turns every dfuERROR into a typed exception.
    /// Not thread-safe: one operation at a time, as endpoint 0 allows.
    /// </summary>
    public sealed class DfuClient
    {
        private const int MaxNormaliseRounds = 4;
        private const int MaxStallRetries = 3;
        private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);

        private readonly OperationLog? log;

        public DfuClient(IUsbDevice device, int interfaceNumber, int alternateSetting, int transferSize, OperationLog? log = null, string? deviceName = null)
        {
            Device = device ?? throw new ArgumentNullException(nameof(device));
            if (transferSize < 4 || transferSize > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(transferSize), transferSize, "wTransferSize must be between 4 and 65535 bytes.");
            }

            InterfaceNumber = interfaceNumber;
            AlternateSetting = alternateSetting;
            TransferSize = transferSize;
            this.log = log;
            DeviceName = deviceName ?? device.Location.ToString();
        }

        /// <summary>wTransferSize assumed when the device has no DFU functional descriptor (brief §4.9: the F4 ROM's value).</summary>
        public const int DefaultTransferSize = 2048;

        public IUsbDevice Device { get; }

        public int InterfaceNumber { get; }

        /// <summary>The selected alternate setting (memory target); see <see cref="SelectAlternateSetting"/>.</summary>
        public int AlternateSetting { get; private set; }

        /// <summary>wTransferSize: every data block but the last of an element is exactly this long.</summary>
        public int TransferSize { get; }

        /// <summary>How the device is named in messages and exception targets.</summary>
        public string DeviceName { get; }

        public DfuClientTimeouts Timeouts { get; set; } = DfuClientTimeouts.Default;

        /// <summary>Tries per data block when a STALL or timeout interrupts it (the block is re-sent after a fresh Set Address).</summary>
        public int MaxBlockAttempts { get; set; } = 2;

        /// <summary>The last GETSTATUS reply.</summary>
        public DfuStatus? LastStatus { get; private set; }

        /// <summary>
        /// A client for a discovered device, on <paramref name="alternateSetting"/> (default: its internal flash),
        /// with the device's wTransferSize. Call <see cref="Open"/> before use.
        /// </summary>
        public static DfuClient ForDevice(DfuDevice device, DfuAlternateSetting? alternateSetting = null, OperationLog? log = null)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            DfuAlternateSetting? alt = alternateSetting ?? device.InternalFlash;
            int transferSize = device.TransferSize > 0 ? device.TransferSize : DefaultTransferSize;
            return new DfuClient(device.UsbDevice, device.InterfaceNumber, alt?.Number ?? 0, transferSize, log, device.ToString());
        }

        /// <summary>Opens the device if needed, claims the interface, selects the alternate setting and brings the device to dfuIDLE.</summary>
        public DfuStatus Open()
        {
            if (!Device.IsOpen)
            {
                Device.Open();
            }

            Device.ClaimInterface(InterfaceNumber);
            Device.SetAlternateSetting(InterfaceNumber, AlternateSetting);
            return Normalise();
        }

        /// <summary>
        /// Switches to another alternate setting of the same interface (another memory target: option bytes, OTP),
        /// as dfu-util 0.11 does per DfuSe target. No request is sent when it is already selected.
        /// </summary>
        public void SelectAlternateSetting(int alternateSetting)
        {
            if (alternateSetting == AlternateSetting)
            {
                return;
            }

            log.Verbose($"Selecting alternate setting {alternateSetting} of {DeviceName}.");
            Device.SetAlternateSetting(InterfaceNumber, alternateSetting);
            AlternateSetting = alternateSetting;
        }

        /// <summary>Releases the interface; the device stays in whatever DFU state it is in (dfuIDLE after our operations).</summary>
        public void Close()
        {
            try
            {
                Device.ReleaseInterface(InterfaceNumber);
            }
            catch (UsbTransferException)
            {
                // A device that already left the bus has nothing to release.
            }
        }

        /// <summary>
        /// Brings the device to dfuIDLE (brief §3.7): CLRSTATUS only in dfuERROR, ABORT in the idle states of a
        /// transfer, nothing in dfuIDLE; at most four rounds.
        /// </summary>
        public DfuStatus Normalise()
        {
            for (int round = 0; round < MaxNormaliseRounds; round++)
            {
                DfuStatus status;
                try
                {
                    status = GetStatus();
                }
                catch (UsbStallException e) when (round == 0)
                {
                    throw new DfuProtocolException(
                        "DfuNotInDfuMode",
                        $"{DeviceName} refused GETSTATUS on interface {InterfaceNumber}: it is probably a run-time interface, not a device in DFU mode.",
                        DeviceName,
                        "Put the board into DFU mode (pyboard: fit the BOOT0/DFU jumper and press reset) and try again.",
                        e);
                }

                switch (status.State)
                {
                    case DfuState.dfuIDLE:
                        if (status.Status != DfuStatusCode.OK)
                        {
                            // dfu-util would CLRSTATUS here; on ST devices that pushes them into dfuERROR, so we don't.
                            log.Verbose($"{DeviceName} is idle with status {status.Status}; continuing without CLRSTATUS.");
                        }

                        return status;
                    case DfuState.dfuERROR:
                        log.Verbose(status.Status == DfuStatusCode.errFIRMWARE
                            ? $"{DeviceName} starts in dfuERROR/errFIRMWARE, as ST ROMs often do; clearing it (harmless)."
                            : $"{DeviceName} is in dfuERROR ({status.Status}); clearing it.");
                        ClearStatus();
                        break;
                    case DfuState.dfuDNLOAD_IDLE:
                    case DfuState.dfuUPLOAD_IDLE:
                    case DfuState.dfuDNLOAD_SYNC:
                    case DfuState.dfuMANIFEST_SYNC:
                        log.Verbose($"{DeviceName} is in {status.State} from an unfinished session; aborting it.");
                        Abort();
                        break;
                    case DfuState.dfuDNBUSY:
                        Sleep(TimeSpan.FromMilliseconds(Math.Min(Math.Max(status.PollTimeout, 1), 1000)));
                        break;
                    case DfuState.appIDLE:
                    case DfuState.appDETACH:
                        throw new DfuProtocolException(
                            "DfuNotInDfuMode",
                            $"{DeviceName} is running its application ({status.State}), not the DFU bootloader.",
                            DeviceName,
                            "Put the board into DFU mode (pyboard: fit the BOOT0/DFU jumper and press reset) and try again.");
                    default:
                        throw new DfuProtocolException(
                            "DfuDeviceLeaving",
                            $"{DeviceName} is leaving DFU mode ({status.State}).",
                            DeviceName,
                            "Wait for the board to restart, put it into DFU mode again and retry.");
                }
            }

            throw new DfuProtocolException(
                "DfuCannotReachIdle",
                $"{DeviceName} did not reach dfuIDLE after {MaxNormaliseRounds} rounds of recovery (last: {LastStatus}).",
                DeviceName,
                "Unplug and replug the board in DFU mode, then try again.");
        }

        public DfuStatus GetStatus() => GetStatus(Timeouts.Request);

        public DfuStatus GetStatus(TimeSpan timeout)
        {
            var buffer = new byte[DfuRequest.StatusLength];
            int count = Device.ControlTransfer(
                new UsbSetupPacket(DfuRequest.RequestTypeIn, DfuRequest.DFU_GETSTATUS, 0, (ushort)InterfaceNumber, DfuRequest.StatusLength),
                buffer, 0, timeout);
            DfuStatus status = DfuStatus.Parse(buffer, 0, count);
            LastStatus = status;
            log.Debug($"GETSTATUS: {status}");
            return status;
        }

        public DfuState GetState()
        {
            var buffer = new byte[1];
            int count = Device.ControlTransfer(new UsbSetupPacket(DfuRequest.RequestTypeIn, DfuRequest.DFU_GETSTATE, 0, (ushort)InterfaceNumber, 1), buffer, 0, Timeouts.Request);

            // An empty reply would otherwise read as state 0 (appIDLE), a state the device never reported.
            if (count < 1)
            {
                throw new DfuProtocolException("DfuShortState", $"{DeviceName} answered GETSTATE with no byte.", DeviceName,
                    "The device does not speak DFU 1.1 correctly; check that it is in DFU mode.");
            }

            return (DfuState)buffer[0];
        }

        /// <summary>DFU_CLRSTATUS. Call it only in dfuERROR: ST devices treat it as an error anywhere else.</summary>
        public void ClearStatus() => Out(DfuRequest.DFU_CLRSTATUS, 0, Array.Empty<byte>());

        public void Abort() => Out(DfuRequest.DFU_ABORT, 0, Array.Empty<byte>());

        /// <summary>ABORT, then GETSTATUS, which must say dfuIDLE (needed before UPLOAD after a DfuSe command, §4.3).</summary>
        public void AbortToIdle()
        {
            Abort();
            DfuStatus status = GetStatus();
            if (status.State != DfuState.dfuIDLE)
            {
                throw Unexpected(status, "Abort", null, DfuState.dfuIDLE);
            }
        }

        /// <summary>DfuSe Set Address Pointer (0x21).</summary>
        public void SetAddress(uint address) =>
            Command("SetAddress", address, DfuSeCommand.SetAddressPayload(address), Timeouts.SetAddress);

        /// <summary>DfuSe erase of the sector holding <paramref name="address"/> (0x41 + address).</summary>
        public void EraseSector(uint address, long sectorSize)
        {
            try
            {
                Command("EraseSector", address, DfuSeCommand.EraseSectorPayload(address), Timeouts.EraseBudget(sectorSize));
            }
            catch (UsbDeviceGoneException e)
            {
                throw new DfuDeviceLostException("EraseSector", address, 0, DeviceName, flashModified: true, e);
            }
        }

        /// <summary>DfuSe mass erase (0x41 alone): wipes all user flash, including a pyboard's filesystem.</summary>
        public void MassErase()
        {
            log.Warning($"Mass-erasing {DeviceName}: every flash sector, including the board's internal filesystem, is wiped.");
            try
            {
                Command("MassErase", null, new[] { DfuSeCommand.Erase }, Timeouts.MassErase);
            }
            catch (UsbDeviceGoneException e)
            {
                throw new DfuDeviceLostException("MassErase", null, 0, DeviceName, flashModified: true, e);
            }
        }

        /// <summary>
        /// DfuSe Read Unprotect (0x92): removes RDP level 1 by wiping the whole chip; the device then resets and
        /// leaves the bus. Only ever sent when a user asks for it explicitly.
        /// </summary>
        public void ReadUnprotect()
        {
            log.Warning($"Removing read protection from {DeviceName}: the chip wipes all of its flash and resets.");
            Out(DfuRequest.DFU_DNLOAD, DfuSeCommand.CommandBlock, new[] { DfuSeCommand.ReadUnprotect });
            try
            {
                DfuStatus status = GetStatus();
                if (status.State == DfuState.dfuERROR)
                {
                    Fail(status, "ReadUnprotect", null);
                }
            }
            catch (UsbTransferException e) when (e is UsbDeviceGoneException or UsbStallException or UsbTimeoutException or UsbIOException)
            {
                // The device resets right after accepting the command; losing it here is the expected outcome.
                log.Verbose($"{DeviceName} left the bus after read-unprotect, as expected.");
            }
        }

        /// <summary>
        /// Writes <paramref name="count"/> bytes at <paramref name="address"/>: one Set Address, then blocks 2, 3, 4...
        /// of exactly wTransferSize bytes; the last block is padded with 0xFF to a multiple of 4 (F4 programs words).
        /// The sectors must already be erased. Cancellation is honoured between blocks and leaves the device in dfuIDLE.
        /// </summary>
        public void Download(uint address, byte[] data, int offset, int count, Action<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            long done = 0;
            int block = DfuSeCommand.FirstDataBlock;
            bool needAddress = true;
            int attempt = 0;
            while (done < count)
            {
                uint chunkAddress = (uint)(address + done);
                if (cancellationToken.IsCancellationRequested)
                {
                    AbortAfterCancel("Write", chunkAddress);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int chunk = (int)Math.Min(TransferSize, count - done);
                try
                {
                    if (needAddress || block > ushort.MaxValue)
                    {
                        SetAddress(chunkAddress);
                        block = DfuSeCommand.FirstDataBlock;
                        needAddress = false;
                    }

                    byte[] payload = Payload(data, offset + (int)done, chunk, last: done + chunk == count);
                    Out(DfuRequest.DFU_DNLOAD, (ushort)block, payload);
                    Poll("Write", chunkAddress, Timeouts.Write);
                    done += chunk;
                    block++;
                    attempt = 0;
                    progress?.Invoke(done);
                }
                catch (UsbDeviceGoneException e)
                {
                    throw new DfuDeviceLostException("Write", chunkAddress, done, DeviceName, flashModified: true, e);
                }
                catch (Exception e) when (IsTransient(e))
                {
                    if (++attempt >= MaxBlockAttempts)
                    {
                        throw WriteFailed(chunkAddress, done, e);
                    }

                    log.Warning($"Block at 0x{chunkAddress:X8} failed ({e.Message}); recovering and sending it again.");
                    try
                    {
                        Normalise();
                    }
                    catch (UsbDeviceGoneException gone)
                    {
                        throw new DfuDeviceLostException("Write", chunkAddress, done, DeviceName, flashModified: true, gone);
                    }
                    catch (Exception recovery) when (recovery is UsbTransferException or DfuProtocolException)
                    {
                        throw WriteFailed(chunkAddress, done, recovery);
                    }

                    needAddress = true;
                }
            }
        }

        /// <summary>
        /// Reads <paramref name="length"/> bytes from <paramref name="address"/> (§4.3): ABORT to dfuIDLE, Set Address,
        /// ABORT, UPLOAD blocks 2, 3, ... stopping by length (ST never sends a short frame), then ABORT so the next
        /// session finds dfuIDLE.
        /// </summary>
        public byte[] Upload(uint address, int length, Action<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            var result = new byte[length];
            int done = 0;
            int attempt = 0;
            try
            {
                AbortToIdle();
                int block = int.MaxValue;
                while (done < length)
                {
                    uint chunkAddress = (uint)(address + done);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        AbortAfterCancel("Read", chunkAddress);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    int want = Math.Min(TransferSize, length - done);
                    int got;
                    try
                    {
                        if (block > ushort.MaxValue)
                        {
                            // UPLOAD is illegal in dfuDNLOAD-IDLE, so every Set Address is followed by ABORT.
                            SetAddress(chunkAddress);
                            AbortToIdle();
                            block = DfuSeCommand.FirstDataBlock;
                        }

                        got = Device.ControlTransfer(
                            new UsbSetupPacket(DfuRequest.RequestTypeIn, DfuRequest.DFU_UPLOAD, (ushort)block, (ushort)InterfaceNumber, (ushort)want),
                            result, done, Timeouts.Request);
                    }
                    catch (UsbStallException e)
                    {
                        // The device refused the read; its status says why (errVENDOR: read protection).
                        DfuStatus status = GetStatus();
                        if (status.State == DfuState.dfuERROR && status.Status != DfuStatusCode.errSTALLEDPKT)
                        {
                            Fail(status, "Read", chunkAddress, e);
                        }

                        if (++attempt >= MaxBlockAttempts)
                        {
                            if (status.State == DfuState.dfuERROR)
                            {
                                Fail(status, "Read", chunkAddress, e);
                            }

                            throw new DfuProtocolException("DfuRequestRefused", $"{DeviceName} refused UPLOAD at 0x{chunkAddress:X8} ({status}).", DeviceName, null, e);
                        }

                        log.Warning($"Read at 0x{chunkAddress:X8} was refused ({status}); recovering and reading it again.");
                        Normalise();
                        block = int.MaxValue;
                        continue;
                    }
                    catch (UsbTimeoutException e) when (++attempt < MaxBlockAttempts)
                    {
                        log.Warning($"Read at 0x{chunkAddress:X8} timed out ({e.Message}); recovering and reading it again.");
                        Normalise();
                        block = int.MaxValue;
                        continue;
                    }

                    done += got;
                    block++;
                    attempt = 0;
                    progress?.Invoke(done);
                    if (got < want && done < length)
                    {
                        throw new DfuProtocolException(
                            "DfuShortUpload",
                            $"{DeviceName} ended the upload at 0x{address + done:X8}, {ByteSize.Format(length - done)} short of the requested length.",
                            DeviceName,
                            "Read a range that lies inside the device's memory map.");
                    }
                }

                AbortToIdle();
                return result;
            }
            catch (UsbDeviceGoneException e)
            {
                throw new DfuDeviceLostException("Read", (uint)(address + done), done, DeviceName, flashModified: false, e);
            }
        }

        /// <summary>
        /// Leaves DFU mode (§4.5): Set Address to <paramref name="address"/> (the ROM jumps there), a zero-length
        /// DNLOAD, and a GETSTATUS that should say dfuMANIFEST. The device then drops off the bus, so the stall,
        /// disconnect or timeout errors that follow are expected and swallowed. Returns true when the device
        /// reported dfuMANIFEST or left the bus.
        /// </summary>
        public bool Leave(uint address = DfuSeCommand.FlashStart)
        {
            SetAddress(address);
            try
            {
                Out(DfuRequest.DFU_DNLOAD, 0, Array.Empty<byte>());
            }
            catch (UsbDeviceGoneException)
            {
                log.Verbose($"{DeviceName} left the bus on the leave request.");
                return true;
            }

            try
            {
                DfuStatus status = GetStatus();
                if (status.State == DfuState.dfuMANIFEST)
                {
                    log.Verbose($"{DeviceName} is manifesting and will start the firmware at 0x{address:X8}.");
                    return true;
                }

                log.Warning($"{DeviceName} answered the leave request with {status} instead of dfuMANIFEST; it may not have restarted.");
                return false;
            }
            catch (UsbTransferException e) when (e is UsbDeviceGoneException or UsbStallException or UsbTimeoutException or UsbIOException)
            {
                log.Verbose($"{DeviceName} left the bus after the leave request ({e.ErrorId}), as expected.");
                return true;
            }
        }

        private static bool IsTransient(Exception e) =>
            e is UsbStallException or UsbTimeoutException or UsbIOException or DfuTimeoutException or DfuProtocolException ||
            (e is DfuStatusException status && status.Status == DfuStatusCode.errSTALLEDPKT);

        private byte[] Payload(byte[] data, int offset, int count, bool last)
        {
            int length = last && ((count + 3) & ~3) <= TransferSize ? (count + 3) & ~3 : count;
            var payload = new byte[length];
            Buffer.BlockCopy(data, offset, payload, 0, count);
            for (int i = count; i < length; i++)
            {
                payload[i] = 0xFF;
            }

            return payload;
        }

        /// <summary>A DfuSe command in DNLOAD block 0, then the polls until the device has executed it.</summary>
        private void Command(string operation, uint? address, byte[] payload, TimeSpan budget)
        {
            log.Debug($"{operation}{(address.HasValue ? " 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty)}");
            Out(DfuRequest.DFU_DNLOAD, DfuSeCommand.CommandBlock, payload);
            Poll(operation, address, budget);
        }

        /// <summary>
        /// The fast polling primitive (§4.9): GETSTATUS #1 must say dfuDNBUSY; GETSTATUS #2 goes out at once with the
        /// whole budget as its USB timeout, so the device paces us. Sleeps only when the device says dfuDNBUSY
        /// again; retries a STALL up to three times; after a timeout, one last long poll before giving up.
        /// </summary>
        private DfuStatus Poll(string operation, uint? address, TimeSpan budget)
        {
            DfuStatus status = GetStatus();
            switch (status.State)
            {
                case DfuState.dfuDNBUSY:
                    break;
                case DfuState.dfuDNLOAD_IDLE when status.Status == DfuStatusCode.OK:
                    return status;
                case DfuState.dfuERROR:
                    Fail(status, operation, address);
                    break;
                default:
                    throw Unexpected(status, operation, address, DfuState.dfuDNBUSY);
            }

            var elapsed = Stopwatch.StartNew();
            int stalls = 0;
            while (true)
            {
                TimeSpan remaining = budget - elapsed.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    status = FinalPoll(operation, address, budget, null);
                }
                else
                {
                    try
                    {
                        status = GetStatus(Max(remaining, MinimumPoll));
                    }
                    catch (UsbStallException) when (stalls < MaxStallRetries)
                    {
                        // STM32L4-style devices STALL GETSTATUS while still busy; wait as told and ask again.
                        stalls++;
                        Sleep(Min(TimeSpan.FromMilliseconds(Math.Max(status.PollTimeout, 1)), Max(budget - elapsed.Elapsed, MinimumPoll)));
                        continue;
                    }
                    catch (UsbTimeoutException e)
                    {
                        status = FinalPoll(operation, address, budget, e);
                    }
                }

                switch (status.State)
                {
                    case DfuState.dfuDNLOAD_IDLE when status.Status == DfuStatusCode.OK:
                        return status;
                    case DfuState.dfuERROR:
                        Fail(status, operation, address);
                        break;
                    case DfuState.dfuDNBUSY:
                        if (elapsed.Elapsed >= budget)
                        {
                            status = FinalPoll(operation, address, budget, null);
                            if (status.State == DfuState.dfuDNLOAD_IDLE && status.Status == DfuStatusCode.OK)
                            {
                                return status;
                            }

                            if (status.State == DfuState.dfuERROR)
                            {
                                Fail(status, operation, address);
                            }

                            throw TimedOut(operation, address, budget, null);
                        }

                        Sleep(Min(TimeSpan.FromMilliseconds(Math.Max(status.PollTimeout, 1)), budget - elapsed.Elapsed));
                        break;
                    case DfuState.dfuDNLOAD_SYNC:
                        break;
                    default:
                        throw Unexpected(status, operation, address, DfuState.dfuDNLOAD_IDLE);
                }
            }
        }

        private DfuStatus FinalPoll(string operation, uint? address, TimeSpan budget, Exception? cause)
        {
            log.Verbose($"{operation} has not finished within {budget.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; one last long poll.");
            try
            {
                return GetStatus(Timeouts.FinalPoll);
            }
            catch (UsbTimeoutException e)
            {
                throw TimedOut(operation, address, budget + Timeouts.FinalPoll, e);
            }
            catch (UsbStallException e)
            {
                throw TimedOut(operation, address, budget + Timeouts.FinalPoll, cause ?? e);
            }
        }

        /// <summary>Reads the error, clears it (the device is in dfuERROR, so CLRSTATUS is right) and throws.</summary>
        private void Fail(DfuStatus status, string operation, uint? address, Exception? inner = null)
        {
            try
            {
                if (status.State == DfuState.dfuERROR)
                {
                    ClearStatus();
                }
            }
            catch (UsbTransferException e) when (e is not UsbDeviceGoneException)
            {
                log.Debug($"CLRSTATUS after the error failed: {e.Message}");
            }

            throw new DfuStatusException(status, operation, address, DeviceName, inner);
        }

        private void AbortAfterCancel(string operation, uint address)
        {
            log.Verbose($"{operation} cancelled at 0x{address:X8}; leaving {DeviceName} idle.");
            try
            {
                Normalise();
            }
            catch (FirmwareToolsException e)
            {
                log.Warning($"Could not return {DeviceName} to dfuIDLE after cancelling: {e.Message}");
            }
        }

        private FirmwareToolsException WriteFailed(uint address, long done, Exception cause)
        {
            if (cause is DfuStatusException status)
            {
                return status;
            }

            string what = $"Writing {DeviceName} failed at 0x{address:X8} after {ByteSize.Format(done)} ({cause.Message}); " +
                          "the flash is incomplete and the board needs re-flashing.";
            return cause is UsbTimeoutException or DfuTimeoutException
                ? new DfuTimeoutException(what, "Write", address, DeviceName, cause)
                : new DfuProtocolException("DfuWriteFailed", what, DeviceName,
                    "Put the board into DFU mode again (replug if needed) and flash it again.", cause);
        }

        private DfuProtocolException Unexpected(DfuStatus status, string operation, uint? address, DfuState expected)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            return new DfuProtocolException(
                "DfuUnexpectedState",
                $"{DeviceName} answered {operation}{where} with {status.State} (status {status.Status}); {expected} was expected.",
                DeviceName,
                "Unplug and replug the board in DFU mode and try again.");
        }

        private DfuTimeoutException TimedOut(string operation, uint? address, TimeSpan waited, Exception? cause)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            return new DfuTimeoutException(
                $"{DeviceName} did not finish {operation}{where} within {waited.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.",
                operation, address, DeviceName, cause);
        }

        private void Out(byte request, ushort value, byte[] data) =>
            Device.ControlTransfer(new UsbSetupPacket(DfuRequest.RequestTypeOut, request, value, (ushort)InterfaceNumber, (ushort)data.Length), data, 0, Timeouts.Request);

        private static void Sleep(TimeSpan duration)
        {
            if (duration > TimeSpan.Zero)
            {
                Thread.Sleep(duration);
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
