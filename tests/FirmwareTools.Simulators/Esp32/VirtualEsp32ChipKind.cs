namespace FirmwareTools.Simulators.Esp32;

/// <summary>Which ROM the virtual board's chip has (docs/protocols/esp32-family.md §6.1); the ESP8266 only answers SYNC and READ_REG, for the refusal test.</summary>
public enum VirtualEsp32ChipKind
{
    Esp32,
    Esp32S2,
    Esp32S3,
    Esp32C3,
    Esp32C6,
    Esp8266,
}
