using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The device reported dfuERROR (or a non-OK status) for an operation. The ErrorId comes from the status:
    /// errTARGET is "DfuErrTarget", errVENDOR on an ST ROM is "DfuReadProtected".
    /// </summary>
    public sealed class DfuStatusException : FirmwareToolsException
    {
        public DfuStatusException(DfuStatus status, string operation, uint? address, string? device, Exception? innerException = null)
            : base(Describe(status, operation, address, device), device, Advise(status.Status), innerException)
        {
            DeviceStatus = status;
            Operation = operation;
            Address = address;
        }

        public DfuStatus DeviceStatus { get; }

        public DfuState State => DeviceStatus.State;

        public DfuStatusCode Status => DeviceStatus.Status;

        /// <summary>What the host was doing: "SetAddress", "EraseSector", "Write", "Read", ...</summary>
        public string Operation { get; }

        public uint? Address { get; }

        public override string ErrorId => DfuErrors.ForStatus(Status).Id;

        public override FirmwareErrorKind Kind => DfuErrors.ForStatus(Status).Kind;

        private static string Describe(DfuStatus status, string operation, uint? address, string? device)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            string on = device is null ? string.Empty : " on " + device;
            string meaning = status.Status switch
            {
                DfuStatusCode.errTARGET => "the address is not allowed or not supported by the bootloader",
                DfuStatusCode.errVENDOR => "read protection (RDP level 1) is active, so the bootloader refuses to read, write or erase flash",
                DfuStatusCode.errWRITE => "the device could not write the memory",
                DfuStatusCode.errERASE => "the erase failed",
                DfuStatusCode.errCHECK_ERASED => "the erase check failed",
                DfuStatusCode.errPROG => "programming failed",
                DfuStatusCode.errVERIFY => "the device's own verify failed",
                DfuStatusCode.errADDRESS => "the address is out of range",
                DfuStatusCode.errNOTDONE => "the device thinks data is missing",
                DfuStatusCode.errSTALLEDPKT => "the device refused an unexpected request",
                _ => "status " + status.Status,
            };
            return $"DFU {operation}{where}{on} failed: {meaning} ({status}).";
        }

        private static string Advise(DfuStatusCode status) => status switch
        {
            DfuStatusCode.errVENDOR =>
                "Read protection must be removed before the flash can be used. Removing it (the DfuSe read-unprotect command, " +
                "sent only when you ask for it explicitly) wipes the whole chip (a mass erase, including the board's filesystem) and resets it; " +
                "after that put the board back into DFU mode and flash it again.",
            DfuStatusCode.errTARGET or DfuStatusCode.errADDRESS =>
                "Check that the firmware file is meant for this board and that every address lies in the device's memory map.",
            _ => "Put the board back into DFU mode and try again; if the error repeats, the flash may be worn or the board damaged.",
        };
    }
}
