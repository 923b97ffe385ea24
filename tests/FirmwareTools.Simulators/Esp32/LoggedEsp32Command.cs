namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// One command frame the virtual ESP32 decoded in ROM download mode, in arrival order, with what it answered.
/// <paramref name="Status"/>/<paramref name="Error"/> are the first two status bytes sent (0/0 = success);
/// <paramref name="Replied"/> is false when no reply left the board (a swallowed SYNC, a dropped reply, the lost first SYNC).
/// </summary>
public sealed record LoggedEsp32Command(byte Opcode, int DataLength, uint Checksum, byte Status, byte Error, bool Replied);
