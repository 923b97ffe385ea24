using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The device left the bus in the middle of an operation. When the operation changes flash, whatever was
    /// written is incomplete, so the board must be flashed again; nothing may be reported as a success.
    /// </summary>
    public sealed class DfuDeviceLostException : FirmwareToolsException
    {
        public DfuDeviceLostException(string operation, uint? address, long bytesDone, string? device, bool flashModified, Exception? innerException = null)
            : base(Describe(operation, address, bytesDone, device, flashModified), device,
                   flashModified
                       ? "Reconnect the board, put it into DFU mode again (BOOT0/DFU jumper, then reset) and flash it again."
                       : "Reconnect the board, put it into DFU mode again and repeat the read; the flash was not changed.",
                   innerException)
        {
            FlashModified = flashModified;
            Operation = operation;
            Address = address;
            BytesDone = bytesDone;
        }

        public string Operation { get; }

        public uint? Address { get; }

        /// <summary>Bytes the device had acknowledged before it disappeared.</summary>
        public long BytesDone { get; }

        /// <summary>True when the lost operation was changing flash (erase or write): the board needs re-flashing.</summary>
        public bool FlashModified { get; }

        public override string ErrorId => DfuErrors.DeviceLostId.Id;

        public override FirmwareErrorKind Kind => DfuErrors.DeviceLostId.Kind;

        private static string Describe(string operation, uint? address, long bytesDone, string? device, bool flashModified)
        {
            string where = address.HasValue ? " at 0x" + address.Value.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
            return $"The DFU device {device ?? string.Empty} disappeared during {operation}{where} after {ByteSize.Format(bytesDone)}; " +
                   (flashModified ? "the flash is incomplete and the board needs re-flashing." : "the read is incomplete.");
        }
    }
}
