using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Dfu;

/// <summary>One class request as the virtual bootloader received it: its number (1-based), the SETUP packet and the OUT data.</summary>
public sealed record LoggedDfuRequest(int Number, UsbSetupPacket Setup, byte[] Data)
{
    public byte Request => Setup.Request;

    public bool IsDownload => Setup.Request == DfuClassRequest.DFU_DNLOAD && Setup.RequestType == DfuClassRequest.RequestTypeOut;

    /// <summary>A DfuSe command (DNLOAD block 0 with data) whose first byte is <paramref name="command"/>.</summary>
    public bool IsDfuSeCommand(byte command) => IsDownload && Setup.Value == 0 && Data.Length > 0 && Data[0] == command;

    public override string ToString() => $"#{Number} {DfuClassRequest.Name(Setup.Request)} wValue={Setup.Value} wLength={Setup.Length}";
}
