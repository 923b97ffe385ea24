namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The RTC registers that outlive a reset but not a power cycle: RTC_CNTL_OPTION1's FORCE_DOWNLOAD_BOOT (bit 0) on the
/// S2 and S3 (docs/protocols/esp32-family.md §2.6). Set by software (MicroPython's machine.bootloader(), or a client's
/// WRITE_REG), it sends the chip into its ROM loader on every later reset until it is cleared: on the S3 the chip never
/// clears it itself, which is why esptool clears it before resetting; whether the S2 ROM does is
/// <see cref="VirtualEsp32Settings.S2ClearsForceDownloadOnBoot"/> [U].
/// </summary>
public sealed partial class VirtualEsp32Board
{
    private const uint ForceDownloadBoot = 1u << 0;

    /// <summary>True when FORCE_DOWNLOAD_BOOT is set now (for tests: what the next reset will do).</summary>
    public bool ForceDownloadBootSet
    {
        get
        {
            lock (gate)
            {
                return Chip.ForceDownloadRegister is uint option1 && (registers.GetValueOrDefault(option1) & ForceDownloadBoot) != 0;
            }
        }
    }

    /// <summary>
    /// What MicroPython's machine.bootloader() does on an S2 or S3 before it resets: sets FORCE_DOWNLOAD_BOOT, so the next
    /// reset lands in the loader. False on a chip that has no such register.
    /// </summary>
    public bool SetForceDownloadBoot()
    {
        lock (gate)
        {
            if (Chip.ForceDownloadRegister is not uint option1)
            {
                return false;
            }

            registers[option1] = registers.GetValueOrDefault(option1) | ForceDownloadBoot;
            return true;
        }
    }

    /// <summary>
    /// MicroPython's <c>machine.bootloader()</c> on an S2 or S3 (docs/protocols/board-update.md §3.4): FORCE_DOWNLOAD_BOOT set,
    /// then a restart, so the chip comes up in its ROM loader whatever GPIO0 says.
    /// </summary>
    public void RestartIntoLoaderBySoftware()
    {
        lock (gate)
        {
            if (!SetForceDownloadBoot())
            {
                throw new InvalidOperationException($"the {Settings.Chip} has no FORCE_DOWNLOAD_BOOT");
            }

            EnterReset();
            ResolveBoot(null);
        }
    }

    /// <summary>Whether this boot goes to the loader because of FORCE_DOWNLOAD_BOOT (and, on an S2 whose ROM clears it, clears it).</summary>
    private bool TakeForceDownloadBoot()
    {
        if (Chip.ForceDownloadRegister is not uint option1 || (registers.GetValueOrDefault(option1) & ForceDownloadBoot) == 0)
        {
            return false;
        }

        if (Settings.Chip == VirtualEsp32ChipKind.Esp32S2 && Settings.S2ClearsForceDownloadOnBoot)
        {
            registers[option1] &= ~ForceDownloadBoot;
        }

        return true;
    }

    /// <summary>A power-on clears the RTC domain.</summary>
    private void ClearRtcRegisters()
    {
        if (Chip.ForceDownloadRegister is uint option1)
        {
            registers.Remove(option1);
        }
    }
}
