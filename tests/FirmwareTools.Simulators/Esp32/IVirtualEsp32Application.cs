namespace FirmwareTools.Simulators.Esp32;

/// <summary>The program a <see cref="VirtualEsp32Board"/> runs from its flash after a normal boot (the lab's MicroPython).</summary>
public interface IVirtualEsp32Application
{
    /// <summary>Called as the application starts: what it prints (its banner and prompt), or "" when the flash holds nothing it runs.</summary>
    string Started();

    /// <summary>Bytes from the host; returns what the application answers at once.</summary>
    byte[] Receive(ReadOnlySpan<byte> received);
}
