using System;
using System.Globalization;
using System.Threading;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// ST's DfuSe extensions layered on a DFU 1.1 session, as webdfu's dfuse.js layers on dfu.js (docs/protocols/dfu-dfuse.md §4): the
    /// commands sent as DNLOAD block 0 (Set Address, Erase, Mass Erase, Read Unprotect), writes by address (one Set
    /// Address, then blocks 2, 3, 4...), reads by address and length, and leaving DFU mode to run the firmware.
    /// </summary>
    public sealed class DfuSeClient : DfuClient
    {
        public DfuSeClient(IUsbDevice device, int interfaceNumber, int alternateSetting, int transferSize, OperationLog? log = null)
            : base(device, interfaceNumber, alternateSetting, transferSize, log)
        {
        }

        /// <summary>
        /// A client for a discovered device, on <paramref name="alternateSetting"/> (default: its internal flash),
        /// with the device's wTransferSize. Call <see cref="DfuClient.Open"/> before use.
        /// </summary>
        public static DfuSeClient ForDevice(DfuDevice device, DfuAlternateSetting? alternateSetting = null, OperationLog? log = null)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            DfuAlternateSetting? alt = alternateSetting ?? device.InternalFlash;
            int transferSize = device.TransferSize > 0 ? device.TransferSize : DefaultTransferSize;
            return new DfuSeClient(device.UsbDevice, device.InterfaceNumber, alt?.Number ?? 0, transferSize, log) { DeviceName = device.ToString() };
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
            Log.Warning($"Mass-erasing {DeviceName}: every flash sector, including the board's internal filesystem, is wiped.");
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
            Log.Warning($"Removing read protection from {DeviceName}: the chip wipes all of its flash and resets.");
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
                Log.Verbose($"{DeviceName} left the bus after read-unprotect, as expected.");
            }
        }

        /// <summary>
        /// Writes <paramref name="bytes"/> at <paramref name="address"/>: one Set Address, then blocks 2, 3, 4...
        /// of exactly wTransferSize bytes; the last block is padded with 0xFF to a multiple of 4 (F4 programs words).
        /// The sectors must already be erased. Cancellation is honoured between blocks and leaves the device in dfuIDLE.
        /// </summary>
        public void Download(uint address, ArraySegment<byte> bytes, Action<long>? progress = null, CancellationToken cancellationToken = default)
        {
            byte[] data = bytes.Array ?? throw new ArgumentNullException(nameof(bytes));
            int offset = bytes.Offset;
            int count = bytes.Count;

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

                    Log.Warning($"Block at 0x{chunkAddress:X8} failed ({e.Message}); recovering and sending it again.");
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

                            throw new DfuProtocolException(DfuErrors.RequestRefusedId, $"{DeviceName} refused UPLOAD at 0x{chunkAddress:X8} ({status}).", DeviceName, null, e);
                        }

                        Log.Warning($"Read at 0x{chunkAddress:X8} was refused ({status}); recovering and reading it again.");
                        Normalise();
                        block = int.MaxValue;
                        continue;
                    }
                    catch (UsbTimeoutException e) when (++attempt < MaxBlockAttempts)
                    {
                        Log.Warning($"Read at 0x{chunkAddress:X8} timed out ({e.Message}); recovering and reading it again.");
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
                            DfuErrors.ShortUploadId,
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
                Log.Verbose($"{DeviceName} left the bus on the leave request.");
                return true;
            }

            try
            {
                DfuStatus status = GetStatus();
                if (status.State == DfuState.dfuMANIFEST)
                {
                    Log.Verbose($"{DeviceName} is manifesting and will start the firmware at 0x{address:X8}.");
                    return true;
                }

                Log.Warning($"{DeviceName} answered the leave request with {status} instead of dfuMANIFEST; it may not have restarted.");
                return false;
            }
            catch (UsbTransferException e) when (e is UsbDeviceGoneException or UsbStallException or UsbTimeoutException or UsbIOException)
            {
                Log.Verbose($"{DeviceName} left the bus after the leave request ({e.ErrorId}), as expected.");
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
            Log.Debug($"{operation}{(address.HasValue ? " 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty)}");
            Out(DfuRequest.DFU_DNLOAD, DfuSeCommand.CommandBlock, payload);
            Poll(operation, address, budget);
        }

        private void AbortAfterCancel(string operation, uint address)
        {
            Log.Verbose($"{operation} cancelled at 0x{address:X8}; leaving {DeviceName} idle.");
            try
            {
                Normalise();
            }
            catch (FirmwareToolsException e)
            {
                Log.Warning($"Could not return {DeviceName} to dfuIDLE after cancelling: {e.Message}");
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
                : new DfuProtocolException(DfuErrors.WriteFailedId, what, DeviceName,
                    "Put the board into DFU mode again (replug if needed) and flash it again.", cause);
        }
    }
}
