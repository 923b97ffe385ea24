namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The device answered outside the PICOBOOT protocol (a short data phase, data where a zero-length ACK belongs, a malformed status).</summary>
    public sealed class PicobootProtocolException : FirmwareToolsException
    {
        public PicobootProtocolException(string device, string problem)
            : base($"{device} broke the PICOBOOT protocol: {problem}.", device, "Replug the board in BOOTSEL mode and try again; if it repeats, the device is not an RP2040/RP2350 boot ROM.", null)
        {
        }

        public override string ErrorId => "PicobootProtocolError";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ProtocolError;
    }
}
