namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// Where a virtual device's CDC ACM function is in its configuration: the communication interface (class requests), the
/// data interface and its bulk endpoints. Stated by each descriptor set, never parsed back, so the module's descriptor
/// parsing is tested against the bytes rather than against itself.
/// </summary>
public sealed record CdcAcmLayout(byte CommunicationInterface, byte DataInterface, byte BulkIn, byte BulkOut)
{
    /// <summary>TinyUSB's and MicroPython rp2's single CDC: interfaces 0 and 1, bulk 0x82 IN and 0x02 OUT (<see cref="CdcAcmDescriptors"/>).</summary>
    public static CdcAcmLayout Single { get; } = new(0, 1, 0x82, 0x02);

    /// <summary>The pyboard's CDC behind mass storage: interfaces 1 and 2, bulk 0x83 IN and 0x03 OUT (<see cref="MicroPythonBoardDescriptors"/>).</summary>
    public static CdcAcmLayout Pyboard { get; } = new(1, 2, 0x83, 0x03);
}
