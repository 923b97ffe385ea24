using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A lab board whose bootloader is a USB device of its own (the pyboard's DFU ROM, the Pico's BOOTSEL ROM): on
/// <c>machine.bootloader()</c> the application's USB device leaves the lab's bus after the detach delay and the
/// bootloader is plugged in after the enumeration delay (docs/protocols/board-update.md §6 steps 1-3); when the bootloader
/// re-enumerates as the application, the port returns after the boot delay.
/// </summary>
/// <typeparam name="TBootloader">The family's virtual bootloader.</typeparam>
public abstract class LabUsbBoard<TBootloader> : LabBoard
    where TBootloader : VirtualUsbDevice
{
    private readonly VirtualUsbBus bus;
    private VirtualUsbDevice? current;
    private volatile bool inApplication;

    protected LabUsbBoard(LabBoardKind kind, string portName, LabBoardSettings settings, VirtualUsbBus bus)
        : base(kind, portName, settings)
    {
        this.bus = bus;
    }

    /// <summary>Called with each bootloader device as it is plugged in (tests hold a transfer or watch it leave).</summary>
    public Action<TBootloader>? BootloaderAppeared { get; set; }

    public override IUsbDevice? CurrentUsbDevice => current;

    public override bool InApplication => inApplication;

    /// <summary>The bootloader device while the board is in its bootloader.</summary>
    protected TBootloader? CurrentBootloader => current as TBootloader;

    /// <summary>Plugs in the application's USB device: the board runs MicroPython from the start.</summary>
    protected void StartWith(VirtualUsbDevice application)
    {
        current = application;
        bus.Plug(application);
        inApplication = true;
    }

    /// <summary>The family's bootloader over the same chip, at its next address.</summary>
    protected abstract TBootloader NewBootloader();

    /// <summary>Subscribes <see cref="Reenumerated"/> to the bootloader's own re-enumeration event.</summary>
    protected abstract void Follow(TBootloader bootloader);

    protected sealed override void LeaveApplication()
    {
        inApplication = false;
        After(Settings.DetachDelay, () =>
        {
            current?.Disconnect();
            if (Settings.BootloaderNeverAppears)
            {
                return;
            }

            After(Settings.BootloaderEnumerationDelay, () =>
            {
                TBootloader bootloader = NewBootloader();
                Follow(bootloader);
                current = bootloader;
                BootloaderAppeared?.Invoke(bootloader);
                bus.Plug(bootloader);
            });
        });
    }

    /// <summary>What the bootloader re-enumerated as: itself again (a DFU jumper, a Pico without bootable flash) or the application.</summary>
    protected void Reenumerated(VirtualUsbDevice next)
    {
        current = next;
        if (next is TBootloader again)
        {
            Follow(again);
            return;
        }

        if (Settings.NeverComesBack)
        {
            return;
        }

        After(Settings.BootDelay, () =>
        {
            ApplicationStarts();
            inApplication = true;
        });
    }
}
