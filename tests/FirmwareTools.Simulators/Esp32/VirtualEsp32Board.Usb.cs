using System.Diagnostics;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The chip's own USB connections (docs/protocols/esp32-family.md §3.3, §6.1): the USB-Serial/JTAG's line table with its
/// download latch and core resets, the RTC watchdog that keeps running through a core reset, and the OTG port that
/// re-enumerates on every reset.
/// </summary>
public sealed partial class VirtualEsp32Board
{
    private bool usjDownloadLatch;
    private bool pendingCoreReset;
    private bool lastStrapDownload;
    private bool rtcWatchdogEnabled;
    private bool rtcWatchdogFired;
    private TimeSpan rtcWatchdogWork;
    private int rtcWatchdogResets;
    private int watchdogResetCountdown;
    private int coreResets;
    private bool pendingReenumeration;
    private long latchSampledAt; // Stopwatch ticks: when the ROM reads the latch after the last USJ core reset

    /// <summary>
    /// Raised (outside the board's lock, on the connection's thread) when a reset makes the board's USB port vanish: the
    /// OTG port on every reset, the USJ port with <see cref="VirtualEsp32Settings.UsjPortDropsOnReset"/>. A
    /// <see cref="VirtualEsp32UsbHost"/> answers by unplugging the port and plugging a new one.
    /// </summary>
    public event Action? UsbReenumerating;

    /// <summary>Times the armed RTC watchdog fired and reset the whole chip (the client did not disable it).</summary>
    public int RtcWatchdogResets
    {
        get
        {
            lock (gate)
            {
                return rtcWatchdogResets;
            }
        }
    }

    /// <summary>Core resets through the USB-Serial/JTAG's lines.</summary>
    public int CoreResets
    {
        get
        {
            lock (gate)
            {
                return coreResets;
            }
        }
    }

    /// <summary>The RTC watchdog runs (armed by the application and not disabled since).</summary>
    public bool RtcWatchdogEnabled
    {
        get
        {
            lock (gate)
            {
                return rtcWatchdogEnabled;
            }
        }
    }

    /// <summary>The super watchdog was set to feed itself (the AUTO_FEED bit of SWD_CONF).</summary>
    public bool SuperWatchdogAutoFeed
    {
        get
        {
            lock (gate)
            {
                VirtualRtcWatchdogRegisters r = WatchdogRegisters;
                return r.SwdConf != 0 && (registers.GetValueOrDefault(r.SwdConf) & (1u << r.SwdAutoFeedBit)) != 0;
            }
        }
    }

    /// <summary>The RTC watchdog this board models: the settings' override, else its chip's (the C3's for an original ESP32 on USB).</summary>
    public VirtualRtcWatchdogRegisters WatchdogRegisters => Settings.RtcWatchdogRegisters ?? Chip.RtcWatchdogRegisters ?? VirtualRtcWatchdogRegisters.C3;

    /// <summary>The USB serial number the port shows: <see cref="VirtualEsp32Settings.UsbSerialNumber"/>, else the MAC as the USJ writes it.</summary>
    public string UsbSerialNumber => Settings.UsbSerialNumber ?? string.Join(":", Settings.Mac.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>USJ (§3.3 table [I]): (0,0) clears the latch, (1,0) sets it, (0,1) resets the core, (1,1) nothing. OTG: lines ignored.</summary>
    private void OnUsbLines(bool dtr, bool rts)
    {
        if (Settings.Link != VirtualEsp32Link.UsbSerialJtag || !Settings.UsjLatchModel)
        {
            return;
        }

        switch ((dtr, rts))
        {
            case (false, false):
                usjDownloadLatch = false;
                if (pendingCoreReset && pendingBootAt != 0 && Stopwatch.GetTimestamp() < latchSampledAt)
                {
                    // Cleared before the ROM read it (UsjLatchSampleDelay): the chip boots its application.
                    pendingBootForcedDownload = false;
                }

                break;
            case (true, false):
                usjDownloadLatch = true;
                break;
            case (false, true):
                coreResets++;
                EnterReset();
                pendingCoreReset = true;
                ScheduleBoot(forceDownload: usjDownloadLatch);
                latchSampledAt = Stopwatch.GetTimestamp() + (long)(Settings.UsjLatchSampleDelay.TotalSeconds * Stopwatch.Frequency);
                pendingBootAt = Math.Max(pendingBootAt, latchSampledAt); // the boot is decided when the latch is read
                pendingReenumeration |= Settings.UsjPortDropsOnReset;
                break;
        }
    }

    /// <summary>
    /// Whether the chip comes out of this reset in the loader. A core reset (USJ) boots from the latch or else the straps
    /// sampled at the last system reset; every other reset samples the straps again (§3.3).
    /// </summary>
    private bool BootsIntoLoader()
    {
        if (pendingCoreReset)
        {
            pendingCoreReset = false;
            return pendingBootForcedDownload || lastStrapDownload || TakeForceDownloadBoot();
        }

        // The straps are what a later core reset boots from; FORCE_DOWNLOAD_BOOT is not a strap, and once cleared it no longer
        // sends a core reset to the loader (esptool clears it, then resets over RTS).
        bool strap = (pendingBootForcedDownload && !Faults.StrapStuckHigh) || Gpio0Low();
        bool download = strap || TakeForceDownloadBoot();
        lastStrapDownload = strap;
        if (Settings.Link == VirtualEsp32Link.UsbOtg && bootCount > 0)
        {
            pendingReenumeration = true;
        }

        return download;
    }

    /// <summary>Modelled chip work (erase, program): the connection's clock, and the armed watchdog's count.</summary>
    private void ChipWork(VirtualEsp32Connection from, TimeSpan modelled)
    {
        from.AddWork(modelled);
        if (!rtcWatchdogEnabled)
        {
            return;
        }

        rtcWatchdogWork += modelled;
        if (rtcWatchdogWork >= Settings.RtcWatchdogPeriod)
        {
            rtcWatchdogFired = true;
        }
    }

    /// <summary>Watches the watchdog's registers: CONFIG0 written while unlocked enables or disables it, or asks for a watchdog reset.</summary>
    private void OnRegisterWritten(uint address, uint value)
    {
        VirtualRtcWatchdogRegisters r = WatchdogRegisters;
        if (address != r.Config0 || registers.GetValueOrDefault(r.WriteProtect) != VirtualRtcWatchdogRegisters.WdtKey)
        {
            return;
        }

        rtcWatchdogEnabled = (value & (1u << 31)) != 0;
        rtcWatchdogWork = TimeSpan.Zero;
        bool stage0ResetsSystem = ((value >> 28) & 7) == 5;
        if (rtcWatchdogEnabled && stage0ResetsSystem)
        {
            // Fires after the client's next command (esptool locks the registers again, then waits).
            watchdogResetCountdown = 2;
        }
    }

    /// <summary>The watchdog resets the whole chip: straps are sampled again, the application starts and arms its watchdog again.</summary>
    private void WatchdogSystemReset(List<(byte[] Bytes, int Baud)> output)
    {
        if (rtcWatchdogFired)
        {
            rtcWatchdogResets++;
        }

        rtcWatchdogFired = false;
        watchdogResetCountdown = 0;
        EnterReset();
        usjDownloadLatch = false;
        rtcWatchdogEnabled = Settings.RtcWatchdogArmed;
        ResolveBoot(output);
    }

    private void RaiseReenumeration()
    {
        bool raise;
        lock (gate)
        {
            raise = pendingReenumeration;
            pendingReenumeration = false;
        }

        if (raise)
        {
            UsbReenumerating?.Invoke();
        }
    }
}
