using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// A DFU 1.1 session on one interface and alternate setting of a device (docs/protocols/dfu-dfuse.md §3), as webdfu's dfu.js: the class
    /// requests, the state machine and polling. It brings the device to dfuIDLE without ever sending CLRSTATUS outside
    /// dfuERROR, polls the way pydfu does (no blind sleeps: the device holds the second GETSTATUS off until it is done),
    /// and turns every dfuERROR into a typed exception. <see cref="DfuSeClient"/> adds ST's DfuSe commands on top.
    /// Not thread-safe: one operation at a time, as endpoint 0 allows.
    /// </summary>
    public class DfuClient
    {
        private const int MaxNormaliseRounds = 4;
        protected const int MaxStallRetries = 3;
        protected static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);


        public DfuClient(IUsbDevice device, int interfaceNumber, int alternateSetting, int transferSize, OperationLog? log = null)
        {
            Device = device ?? throw new ArgumentNullException(nameof(device));
            if (transferSize < 4 || transferSize > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(transferSize), transferSize, "wTransferSize must be between 4 and 65535 bytes.");
            }

            InterfaceNumber = interfaceNumber;
            AlternateSetting = alternateSetting;
            TransferSize = transferSize;
            Log = log;
            DeviceName = device.Location.ToString();
        }

        /// <summary>wTransferSize assumed when the device has no DFU functional descriptor (docs/protocols/dfu-dfuse.md §4.9: the F4 ROM's value).</summary>
        public const int DefaultTransferSize = 2048;

        public IUsbDevice Device { get; }

        public int InterfaceNumber { get; }

        /// <summary>The selected alternate setting (memory target); see <see cref="SelectAlternateSetting"/>.</summary>
        public int AlternateSetting { get; private set; }

        /// <summary>wTransferSize: every data block but the last of an element is exactly this long.</summary>
        public int TransferSize { get; }

        /// <summary>How the device is named in messages and exception targets.</summary>
        public string DeviceName { get; init; }

        public DfuClientTimeouts Timeouts { get; set; } = DfuClientTimeouts.Default;

        /// <summary>Tries per data block when a STALL or timeout interrupts it (the block is re-sent after a fresh Set Address).</summary>
        public int MaxBlockAttempts { get; set; } = 2;

        /// <summary>Where verbose, debug and warning lines go; null for none.</summary>
        protected OperationLog? Log { get; }

        /// <summary>The last GETSTATUS reply.</summary>
        public DfuStatus? LastStatus { get; private set; }

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

            Log.Verbose($"Selecting alternate setting {alternateSetting} of {DeviceName}.");
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
        /// Brings the device to dfuIDLE (docs/protocols/dfu-dfuse.md §3.7): CLRSTATUS only in dfuERROR, ABORT in the idle states of a
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
                        DfuErrors.NotInDfuModeId,
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
                            Log.Verbose($"{DeviceName} is idle with status {status.Status}; continuing without CLRSTATUS.");
                        }

                        return status;
                    case DfuState.dfuERROR:
                        Log.Verbose(status.Status == DfuStatusCode.errFIRMWARE
                            ? $"{DeviceName} starts in dfuERROR/errFIRMWARE, as ST ROMs often do; clearing it (harmless)."
                            : $"{DeviceName} is in dfuERROR ({status.Status}); clearing it.");
                        ClearStatus();
                        break;
                    case DfuState.dfuDNLOAD_IDLE:
                    case DfuState.dfuUPLOAD_IDLE:
                    case DfuState.dfuDNLOAD_SYNC:
                    case DfuState.dfuMANIFEST_SYNC:
                        Log.Verbose($"{DeviceName} is in {status.State} from an unfinished session; aborting it.");
                        Abort();
                        break;
                    case DfuState.dfuDNBUSY:
                        Sleep(TimeSpan.FromMilliseconds(Math.Min(Math.Max(status.PollTimeout, 1), 1000)));
                        break;
                    case DfuState.appIDLE:
                    case DfuState.appDETACH:
                        throw new DfuProtocolException(
                            DfuErrors.NotInDfuModeId,
                            $"{DeviceName} is running its application ({status.State}), not the DFU bootloader.",
                            DeviceName,
                            "Put the board into DFU mode (pyboard: fit the BOOT0/DFU jumper and press reset) and try again.");
                    default:
                        throw new DfuProtocolException(
                            DfuErrors.DeviceLeavingId,
                            $"{DeviceName} is leaving DFU mode ({status.State}).",
                            DeviceName,
                            "Wait for the board to restart, put it into DFU mode again and retry.");
                }
            }

            throw new DfuProtocolException(
                DfuErrors.CannotReachIdleId,
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
            Log.Debug($"GETSTATUS: {status}");
            return status;
        }

        public DfuState GetState()
        {
            var buffer = new byte[1];
            int count = Device.ControlTransfer(new UsbSetupPacket(DfuRequest.RequestTypeIn, DfuRequest.DFU_GETSTATE, 0, (ushort)InterfaceNumber, 1), buffer, 0, Timeouts.Request);

            // An empty reply would otherwise read as state 0 (appIDLE), a state the device never reported.
            if (count < 1)
            {
                throw new DfuProtocolException(DfuErrors.ShortStateId, $"{DeviceName} answered GETSTATE with no byte.", DeviceName,
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

        /// <summary>
        /// The fast polling primitive (§4.9): GETSTATUS #1 must say dfuDNBUSY; GETSTATUS #2 goes out at once with the
        /// whole budget as its USB timeout, so the device paces us. Sleeps only when the device says dfuDNBUSY
        /// again; retries a STALL up to three times; after a timeout, one last long poll before giving up.
        /// </summary>
        protected DfuStatus Poll(string operation, uint? address, TimeSpan budget)
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

        protected DfuStatus FinalPoll(string operation, uint? address, TimeSpan budget, Exception? cause)
        {
            Log.Verbose($"{operation} has not finished within {budget.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; one last long poll.");
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
        protected void Fail(DfuStatus status, string operation, uint? address, Exception? inner = null)
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
                Log.Debug($"CLRSTATUS after the error failed: {e.Message}");
            }

            throw new DfuStatusException(status, operation, address, DeviceName, inner);
        }

        protected DfuProtocolException Unexpected(DfuStatus status, string operation, uint? address, DfuState expected)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            return new DfuProtocolException(
                DfuErrors.UnexpectedStateId,
                $"{DeviceName} answered {operation}{where} with {status.State} (status {status.Status}); {expected} was expected.",
                DeviceName,
                "Unplug and replug the board in DFU mode and try again.");
        }

        protected DfuTimeoutException TimedOut(string operation, uint? address, TimeSpan waited, Exception? cause)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            return new DfuTimeoutException(
                $"{DeviceName} did not finish {operation}{where} within {waited.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.",
                operation, address, DeviceName, cause);
        }

        protected void Out(byte request, ushort value, byte[] data) =>
            Device.ControlTransfer(new UsbSetupPacket(DfuRequest.RequestTypeOut, request, value, (ushort)InterfaceNumber, (ushort)data.Length), data, 0, Timeouts.Request);

        protected static void Sleep(TimeSpan duration)
        {
            if (duration > TimeSpan.Zero)
            {
                Thread.Sleep(duration);
            }
        }

        protected static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        protected static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
