using System;
using System.Collections.Generic;
using System.Globalization;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>
    /// A claimed PICOBOOT interface and its transactions: the 32-byte command on the OUT endpoint, the data phase of exactly
    /// dTransferLength bytes, and the zero-length ACK in the opposite direction (IN when there was no data). A refusal is a
    /// STALL: the connection then asks IF_CMD_STATUS why, clears both halts, sends IF_RESET (which also drops exclusive access,
    /// so it is asked for again) and throws <c>PicobootCommandFailed</c> with the status by name.
    /// </summary>
    public sealed class PicobootConnection : IDisposable
    {
        /// <summary>IF_RESET: bmRequestType 0x41 (vendor, interface, OUT), bRequest 0x41, no data.</summary>
        public const byte InterfaceResetRequestType = 0x41;
        public const byte InterfaceResetRequest = 0x41;

        /// <summary>IF_CMD_STATUS: bmRequestType 0xC1 (vendor, interface, IN), bRequest 0x42, exactly 16 bytes.</summary>
        public const byte CommandStatusRequestType = 0xC1;
        public const byte CommandStatusRequest = 0x42;

        public const uint FlashBase = 0x10000000;
        public const int SectorSize = 4096;
        public const int PageSize = 256;

        /// <summary>The largest piece of a data phase handed to one bulk call (the bridge's limit is 64 KiB).</summary>
        public const int MaxBulkChunk = 16384;

        private readonly IUsbDevice device;
        private readonly PicobootTimeouts timeouts;
        private readonly OperationLog? log;
        private PicobootExclusiveMode exclusive;
        private uint token;
        private bool disposed;

        private PicobootConnection(IUsbDevice device, PicobootInterface picoboot, string name, PicobootTimeouts timeouts, OperationLog? log)
        {
            this.device = device;
            Interface = picoboot;
            Name = name;
            this.timeouts = timeouts;
            this.log = log;
        }

        public PicobootInterface Interface { get; }

        /// <summary>The device as named in messages.</summary>
        public string Name { get; }

        /// <summary>The flash size the host-side checks use: 16 MiB (the flash window) until the caller knows better.</summary>
        public uint FlashSize { get; set; } = 16 * 1024 * 1024;

        /// <summary>The dToken of the last command sent (picotool counts from 1).</summary>
        public uint LastToken => token;

        /// <summary>
        /// Opens <paramref name="device"/>, claims its PICOBOOT interface, clears both endpoints' halts and sends IF_RESET, as
        /// picotool's connect does. Throws <c>PicobootInterfaceBusy</c> when another program holds the interface.
        /// </summary>
        public static PicobootConnection Open(IUsbDevice device, string name, PicobootTimeouts? timeouts = null, OperationLog? log = null)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            PicobootInterface picoboot = PicobootInterface.Find(UsbConfigurationDescriptor.Parse(device.GetConfigurationDescriptor(0), name))
                ?? throw Rp2Errors.ProtocolError(name, "it has no PICOBOOT interface (class 0xFF with a bulk OUT and a bulk IN endpoint); PICOBOOT may be disabled in OTP");
            device.Open();
            try
            {
                device.ClaimInterface(picoboot.InterfaceNumber);
            }
            catch (UsbIOException e) when (e.ErrorName == "LIBUSB_ERROR_BUSY")
            {
                throw Rp2Errors.InterfaceBusy(name, picoboot, e);
            }

            var connection = new PicobootConnection(device, picoboot, name, timeouts ?? new PicobootTimeouts(), log);
            connection.ClearHalts();
            connection.InterfaceReset();
            return connection;
        }

        /// <summary>IF_RESET: un-stalls both endpoints, aborts flash work, zeroes the status and clears exclusive access.</summary>
        public void InterfaceReset()
        {
            log.Debug($"PICOBOOT IF_RESET on {Name}");
            device.ControlTransfer(new UsbSetupPacket(InterfaceResetRequestType, InterfaceResetRequest, 0, Interface.InterfaceNumber, 0), new byte[0], 0, timeouts.Control);
            exclusive = PicobootExclusiveMode.NotExclusive;
        }

        /// <summary>IF_CMD_STATUS: the token, status and command of the last command, and whether it is still running.</summary>
        public PicobootCommandStatus QueryStatus()
        {
            var answer = new byte[PicobootCommandStatus.Size];
            int got = device.ControlTransfer(new UsbSetupPacket(CommandStatusRequestType, CommandStatusRequest, 0, Interface.InterfaceNumber, PicobootCommandStatus.Size), answer, 0, timeouts.Control);
            if (got != PicobootCommandStatus.Size)
            {
                throw Rp2Errors.ProtocolError(Name, $"IF_CMD_STATUS returned {got} bytes instead of 16");
            }

            return PicobootCommandStatus.Parse(answer);
        }

        public void ExclusiveAccess(PicobootExclusiveMode mode)
        {
            Execute(PicobootCommand.ExclusiveAccess(mode), null);
            exclusive = mode;
        }

        public void ExitXip() => Execute(PicobootCommand.ExitXip(), null);

        /// <summary>Erases whole 4 KiB sectors; refuses on the host what the RP2040 ROM would acknowledge as OK and not do.</summary>
        public void FlashErase(uint address, uint size)
        {
            if (address % SectorSize != 0 || size % SectorSize != 0 || size == 0)
            {
                throw Rp2Errors.BadAlignment(Name, string.Format(CultureInfo.InvariantCulture, "FLASH_ERASE 0x{0:X8} +{1} is not whole 4 KiB sectors", address, size));
            }

            CheckInsideFlash("FLASH_ERASE", address, size);
            Execute(PicobootCommand.FlashErase(address, size), null);
        }

        /// <summary>Programs whole 256-byte pages (the ROM programs its whole page buffer, so a partial page would write stale bytes).</summary>
        public void Write(uint address, byte[] data)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (address % PageSize != 0 || data.Length % PageSize != 0 || data.Length == 0)
            {
                throw Rp2Errors.BadAlignment(Name, string.Format(CultureInfo.InvariantCulture, "WRITE 0x{0:X8} +{1} is not whole 256-byte pages", address, data.Length));
            }

            CheckInsideFlash("WRITE", address, (uint)data.Length);
            Execute(PicobootCommand.Write(address, (uint)data.Length), data);
        }

        public byte[] Read(uint address, int size)
        {
            if (size <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(size), size, "A READ moves at least one byte.");
            }

            return Execute(PicobootCommand.Read(address, (uint)size), null)!;
        }

        /// <summary>RP2040: reboot after <paramref name="delayMilliseconds"/> (pc 0 = boot flash).</summary>
        public void Reboot(uint pc, uint sp, uint delayMilliseconds) => Execute(PicobootCommand.Reboot(pc, sp, delayMilliseconds), null);

        /// <summary>RP2350: reboot of the given type after <paramref name="delayMilliseconds"/>.</summary>
        public void Reboot2(Rp2Reboot2Flags flags, uint delayMilliseconds, uint param0, uint param1) =>
            Execute(PicobootCommand.Reboot2(flags, delayMilliseconds, param0, param1), null);

        /// <summary>RP2350 GET_INFO: the reply words after word 0 (which counts them).</summary>
        public IReadOnlyList<uint> GetInfo(PicobootInfoType type, uint param0, int replyLength = 256)
        {
            byte[] reply = Execute(PicobootCommand.GetInfo(type, param0, (uint)replyLength), null)!;
            uint count = PicobootCommand.ReadUInt32(reply, 0);
            if (count > (reply.Length / 4) - 1)
            {
                throw Rp2Errors.ProtocolError(Name, $"GET_INFO says {count} words follow, but only {(reply.Length / 4) - 1} fit its reply");
            }

            var words = new uint[count];
            for (int i = 0; i < count; i++)
            {
                words[i] = PicobootCommand.ReadUInt32(reply, 4 + (i * 4));
            }

            return words;
        }

        /// <summary>
        /// Runs one transaction: command, data phase (<paramref name="dataOut"/> for OUT commands), ACK. Returns the data read
        /// for IN commands. A stall is turned into <c>PicobootCommandFailed</c> after recovery.
        /// </summary>
        public byte[]? Execute(PicobootCommand command, byte[]? dataOut)
        {
            if (command is null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            uint sent = unchecked(++token);
            log.Debug($"PICOBOOT {command} (token {sent})");
            try
            {
                return Transact(command, sent, dataOut);
            }
            catch (UsbStallException)
            {
                PicobootCommandStatus? status = TryQueryStatus();
                Recover();
                throw Rp2Errors.CommandFailed(Name, command, status);
            }
            catch (UsbTimeoutException)
            {
                // IF_RESET aborts the flash work still running, so the next command starts clean.
                Recover();
                throw;
            }
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            try
            {
                device.ReleaseInterface(Interface.InterfaceNumber);
            }
            catch (Exception e) when (e is UsbTransferException || e is InvalidOperationException)
            {
                // A board that rebooted or left the bus has nothing left to release.
            }
        }

        private byte[]? Transact(PicobootCommand command, uint sent, byte[]? dataOut)
        {
            byte[] packet = command.Encode(sent);
            int written = device.BulkTransfer(Interface.OutEndpoint, packet, 0, packet.Length, timeouts.Command);
            if (written != packet.Length)
            {
                throw Rp2Errors.ProtocolError(Name, $"the device took {written} of the 32 command bytes");
            }

            if (command.TransferLength == 0)
            {
                ReceiveAck(timeouts.AckWithoutData);
                return null;
            }

            if (command.IsDeviceToHost)
            {
                byte[] data = ReceiveData(command.TransferLength);
                int ack = device.BulkTransfer(Interface.OutEndpoint, new byte[0], 0, 0, timeouts.AckAfterData);
                return ack == 0 ? data : throw Rp2Errors.ProtocolError(Name, "the zero-length ACK was not accepted");
            }

            SendData(dataOut ?? throw new ArgumentException($"{command} needs {command.TransferLength} data bytes.", nameof(dataOut)));
            ReceiveAck(timeouts.AckAfterData);
            return null;
        }

        private byte[] ReceiveData(uint length)
        {
            var data = new byte[length];
            int done = 0;
            while (done < data.Length)
            {
                int chunk = Math.Min(MaxBulkChunk, data.Length - done);
                int got = device.BulkTransfer(Interface.InEndpoint, data, done, chunk, timeouts.Data);
                done += got;
                if (got < chunk && done < data.Length)
                {
                    throw Rp2Errors.ProtocolError(Name, $"the data phase ended after {done} of {length} bytes");
                }
            }

            return data;
        }

        private void SendData(byte[] data)
        {
            for (int done = 0; done < data.Length;)
            {
                int chunk = Math.Min(MaxBulkChunk, data.Length - done);
                int sent = device.BulkTransfer(Interface.OutEndpoint, data, done, chunk, timeouts.Data);
                if (sent != chunk)
                {
                    throw Rp2Errors.ProtocolError(Name, $"the device took {done + sent} of {data.Length} data bytes");
                }

                done += sent;
            }
        }

        /// <summary>picotool posts a 1-byte IN for the ACK: the zero-length packet completes it with 0 bytes.</summary>
        private void ReceiveAck(TimeSpan timeout)
        {
            var ack = new byte[1];
            int got = device.BulkTransfer(Interface.InEndpoint, ack, 0, 1, timeout);
            if (got != 0)
            {
                throw Rp2Errors.ProtocolError(Name, $"the ACK carried {got} byte(s) instead of none");
            }
        }

        private PicobootCommandStatus? TryQueryStatus()
        {
            try
            {
                return QueryStatus();
            }
            catch (UsbTransferException)
            {
                return null;
            }
        }

        /// <summary>Clear both halts (resetting the data toggles), IF_RESET, and ask for exclusive access again if it was held.</summary>
        private void Recover()
        {
            PicobootExclusiveMode held = exclusive;
            ClearHalts();
            InterfaceReset();
            if (held != PicobootExclusiveMode.NotExclusive)
            {
                ExclusiveAccess(held);
            }
        }

        private void ClearHalts()
        {
            device.ClearHalt(Interface.InEndpoint);
            device.ClearHalt(Interface.OutEndpoint);
        }

        private void CheckInsideFlash(string command, uint address, uint size)
        {
            if (address < FlashBase || (long)address + size > FlashBase + (long)FlashSize)
            {
                throw Rp2Errors.BadAlignment(Name, string.Format(CultureInfo.InvariantCulture, "{0} 0x{1:X8} +{2} reaches outside the {3} flash at 0x10000000", command, address, size, ByteSize.Format(FlashSize)));
            }
        }
    }
}
