namespace FirmwareTools.Simulators.Dfu;

/// <summary>How the device behaves while it erases or programs (docs/protocols/dfu-dfuse.md §4.6).</summary>
public enum BusyBehavior
{
    /// <summary>
    /// The ROM's way [O][I]: the operation runs inside the USB interrupt, so the next endpoint-0 request is
    /// NAKed until it is done. A host whose USB timeout is shorter than the rest of the operation sees a
    /// timeout, and the device still finishes.
    /// </summary>
    HoldOff,

    /// <summary>
    /// Spec-polite: GETSTATUS answers dfuDNBUSY at once with bwPollTimeout set to the remaining wall-clock time
    /// (at least 1 ms), so a host's polling loop is exercised. GETSTATE answers dfuDNBUSY; anything else STALLs.
    /// </summary>
    Polite,
}
