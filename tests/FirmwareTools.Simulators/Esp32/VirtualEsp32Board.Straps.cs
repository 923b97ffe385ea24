namespace FirmwareTools.Simulators.Esp32;

/// <summary>EN and GPIO0 driven by a carrier's controller instead of DTR/RTS (the Pycom PIC, docs/protocols/esp32-rom-loader.md §3.6).</summary>
public sealed partial class VirtualEsp32Board
{
    private bool? drivenGpio0Low;

    /// <summary>
    /// GPIO0 driven by something on the carrier: true = held low, false = driven high, null = released (the board's
    /// pull-up, the jumper or the modem lines decide again). Sampled when EN rises.
    /// </summary>
    public void DriveGpio0(bool? low)
    {
        lock (gate)
        {
            drivenGpio0Low = low;
        }
    }

    /// <summary>EN driven by something on the carrier: low holds the chip in reset; released, it boots after the EN delay.</summary>
    public void DriveEn(bool low)
    {
        lock (gate)
        {
            if (low)
            {
                EnterReset();
            }
            else if (state == Esp32BoardState.InReset && pendingBootAt == 0)
            {
                ScheduleBoot(forceDownload: false);
                if (connection is null)
                {
                    ResolveBoot(null);
                }
            }
        }
    }
}
