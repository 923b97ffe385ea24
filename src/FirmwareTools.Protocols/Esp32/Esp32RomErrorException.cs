using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>The ROM refused a command: status 1 and an error code (docs/protocols/esp32-rom-loader.md §1.5), reported by name.</summary>
    public sealed class Esp32RomErrorException : FirmwareToolsException
    {
        public Esp32RomErrorException(string port, Esp32Command command, byte status, byte error)
            : base(string.Format(CultureInfo.InvariantCulture, "The ESP32 ROM on {0} refused {1} (result was {2:X2}{3:X2}): {4} ({5}).",
                       port, Esp32Protocol.Name(command), status, error, Esp32RomErrors.Name(error), Esp32RomErrors.Describe(error)),
                   port, RecommendedFor(error), null)
        {
            Command = command;
            Status = status;
            Code = error;
        }

        public Esp32Command Command { get; }

        public byte Status { get; }

        /// <summary>The ROM error code; see <see cref="Esp32RomError"/>.</summary>
        public byte Code { get; }

        public string CodeName => Esp32RomErrors.Name(Code);

        public override string ErrorId => Esp32Errors.RomErrorId.Id;

        public override FirmwareErrorKind Kind => Esp32Errors.RomErrorId.Kind;

        private static string RecommendedFor(byte error) => (Esp32RomError)error switch
        {
            Esp32RomError.ChecksumError => "Data was corrupted on the way: use a lower -FlashBaudRate, another cable or USB-serial adapter, or update its driver.",
            Esp32RomError.FlashWriteError => "The flash did not take the data: check the board's power supply, then run the command again.",
            Esp32RomError.ExecutionFailed => "Check that the regions fit the board's flash size; then reset the board into the bootloader and run the command again.",
            _ => "Reset the board into the bootloader (hold GPIO0 low and reset) and run the command again.",
        };
    }
}
