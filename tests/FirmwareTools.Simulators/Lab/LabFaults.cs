namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// The faults of issue 19 by the names serve-lab's <c>--fault</c> takes, each a <see cref="LabBoardSettings"/> a board is
/// given: so a person or a script can watch Update-Firmware meet them in the real PowerShell.
/// </summary>
public static class LabFaults
{
    public static IReadOnlyList<string> Names { get; } =
        ["busy", "ignores-ctrl-c", "silent", "unidentified", "no-bootloader", "dfu-jumper", "old-image"];

    /// <summary>Sets <paramref name="fault"/>'s setting on <paramref name="settings"/>.</summary>
    public static void Apply(string fault, LabBoardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (fault)
        {
            case "busy":
                settings.ProgramRunning = true; // a main.py loop that Ctrl-C stops
                break;
            case "ignores-ctrl-c":
                settings.ProgramRunning = true;
                settings.IgnoresInterrupt = true;
                break;
            case "silent":
                settings.Silent = true;
                break;
            case "unidentified":
                settings.MachineOverride = "Lab bench rig with STM32F405RG";
                break;
            case "no-bootloader":
                settings.BootloaderNeverAppears = true;
                break;
            case "dfu-jumper":
                settings.ReturnsToBootloaderAfterLeave = true;
                break;
            case "old-image":
                settings.RunsOldImageAfterFlash = true;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a lab fault: " + string.Join(", ", Names));
        }
    }
}
