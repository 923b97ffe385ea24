namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>libusb works, but another program (picotool, a second PowerShell, a driver) holds the PICOBOOT interface.</summary>
    public sealed class PicobootInterfaceBusyException : FirmwareToolsException
    {
        public PicobootInterfaceBusyException(string device, PicobootInterface picoboot, System.Exception inner)
            : base($"The PICOBOOT {picoboot} of {device} is claimed by another program ({inner.Message.TrimEnd('.')}).", device,
                   "Close the other program (picotool, another PowerShell session) and try again, or use -Method Drive to copy the file to the board's drive.", inner)
        {
        }

        public override string ErrorId => "PicobootInterfaceBusy";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ResourceBusy;
    }
}
