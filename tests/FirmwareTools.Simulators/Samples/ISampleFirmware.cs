namespace FirmwareTools.Simulators.Samples;

/// <summary>
/// One sample firmware file the <c>samples</c> verb writes, shaped like a real download for one board family so README's
/// workflows run offline. A new family (a UF2 for the Raspberry Pi Pico) is one more implementation listed in
/// <see cref="SampleFirmware.All"/>.
/// </summary>
public interface ISampleFirmware
{
    /// <summary>The file name, in the style of the real download's (PYBV11-sample.dfu).</summary>
    string FileName { get; }

    /// <summary>One line for the verb's output: what the file is and which cmdlet takes it.</summary>
    string Description { get; }

    byte[] Build();
}
