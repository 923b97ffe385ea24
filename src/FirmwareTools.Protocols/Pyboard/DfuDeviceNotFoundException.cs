namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>No board in DFU mode matched: the usual cause is a board that is not in its bootloader.</summary>
    public sealed class DfuDeviceNotFoundException : FirmwareToolsException
    {
        public DfuDeviceNotFoundException(string? serialNumber)
            : base(
                serialNumber is null
                    ? "No STM32 board in DFU mode was found on the USB bus."
                    : $"No STM32 board in DFU mode with serial number {serialNumber} was found on the USB bus.",
                serialNumber,
                "Put the board in DFU mode: fit the DFU jumper (DFU pin to 3V3) and press RST, or run machine.bootloader() at its REPL. Get-DfuDevice should then list it (0483:df11).",
                null)
        {
        }

        public override string ErrorId => "DfuDeviceNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
