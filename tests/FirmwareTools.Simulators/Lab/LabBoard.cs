using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// One board of the virtual lab (docs/protocols/board-update.md §6): a serial port while its application runs, whose REPL
/// answers from the firmware in its flash; <c>machine.bootloader()</c> takes the port away and plugs the family's bootloader
/// into the lab's USB bus; leaving the bootloader brings the port back with whatever the flash now holds.
/// </summary>
public abstract class LabBoard : IDisposable
{
    private readonly object gate = new();
    private readonly List<VirtualReplBoard> repls = [];
    private byte[]? frozenImage;

    protected LabBoard(LabBoardKind kind, string portName, LabBoardSettings settings)
    {
        Kind = kind;
        PortName = portName;
        Settings = settings;
    }

    public LabBoardKind Kind { get; }

    /// <summary>The port name the lab's opener and <c>-Port</c> take.</summary>
    public string PortName { get; }

    public LabBoardSettings Settings { get; }

    /// <summary><c>machine.unique_id()</c> in lower-case hex.</summary>
    public abstract string UniqueIdHex { get; }

    /// <summary>True while the application runs and the serial port is there.</summary>
    public abstract bool InApplication { get; }

    /// <summary>The version the REPL would report now, or null when the port is not there.</summary>
    public string? RunningVersion => InApplication ? Facts?.Tag : null;

    /// <summary>What the firmware in flash says it is (or, with <see cref="LabBoardSettings.RunsOldImageAfterFlash"/>, the image it kept running).</summary>
    public LabImageFacts? Facts => LabImageFacts.Read(frozenImage ?? FlashImage());

    /// <summary>How often <c>machine.bootloader()</c> was obeyed (a second run that touches nothing leaves it unchanged).</summary>
    public int BootloaderEntries { get; private set; }

    /// <summary>How many times the port was opened.</summary>
    public int PortOpens { get; private set; }

    /// <summary>The board's USB device now (its application's, or its bootloader), for a loopback USB bridge; null where the port is a bridge's.</summary>
    public abstract Protocols.Usb.IUsbDevice? CurrentUsbDevice { get; }

    /// <summary>Called when the board obeys <c>machine.bootloader()</c>, after the port is cut (tests act at this stage).</summary>
    public Action? LeftApplication { get; set; }

    /// <summary>Takes the board into its bootloader as if <c>machine.bootloader()</c> had been typed at its REPL.</summary>
    public void EnterBootloaderNow()
    {
        BootloaderEntries++;
        LeaveApplication();
    }

    /// <summary><c>sys.platform</c>.</summary>
    protected abstract string Platform { get; }

    /// <summary>The flash as the chip holds it now.</summary>
    protected abstract byte[] FlashImage();

    /// <summary>The board's serial ports as the machine's listing shows them now (Get-SerialPort's; USB ids where the lab gives them).</summary>
    public virtual IEnumerable<SerialPortInfo> Listing() => InApplication ? [new SerialPortInfo(PortName)] : [];

    /// <summary>True when <paramref name="name"/> is one of the board's ports (its application's, or its ROM's).</summary>
    public virtual bool Answers(string name) => name == PortName;

    /// <summary>Opens the board's port called <paramref name="name"/>.</summary>
    public virtual ISerialPort OpenNamed(string name, SerialPortSettings? settings) => Open(settings);

    /// <summary>Opens the board's serial port as the OS would; a port that is not there is SerialErrors.PortNotFound.</summary>
    public ISerialPort Open(SerialPortSettings? settings) => OpenLink(settings).Host;

    /// <summary>The line behind <see cref="Open"/>: a new one to the board each time (served over TCP by serve-lab).</summary>
    public virtual VirtualSerialLink OpenLink(SerialPortSettings? settings)
    {
        lock (gate)
        {
            LabImageFacts? facts = Facts;
            if (!InApplication || facts is null)
            {
                throw SerialErrors.PortNotFound(PortName, "the virtual board is not running MicroPython (it is in its bootloader or gone)");
            }

            PortOpens++;
            var link = new VirtualSerialLink(PortName);
            var repl = new VirtualReplBoard(link)
            {
                Mode = Settings.Silent ? VirtualReplBoardMode.Silent : VirtualReplBoardMode.MicroPython,
                BannerAtStart = false,
                ProgramRunning = Settings.ProgramRunning,
                IgnoresInterrupt = Settings.IgnoresInterrupt,
                Banner = facts.Banner.Replace("\r\n", "\n", StringComparison.Ordinal),
                Executor = code => Execute(code, link),
            };
            repls.Add(repl);
            repl.Start();
            if (settings?.Dtr is not null || settings?.Rts is not null)
            {
                link.Host.SetModemLines(settings.Dtr ?? false, settings.Rts ?? false);
            }

            return link;
        }
    }

    public virtual void Dispose()
    {
        List<VirtualReplBoard> all;
        lock (gate)
        {
            all = [.. repls];
        }

        foreach (VirtualReplBoard repl in all)
        {
            repl.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The family's way out of the application after <c>machine.bootloader()</c> (the link is already cut).</summary>
    protected abstract void LeaveApplication();

    /// <summary>The image the application answers from from now on: the new flash, unless the fault keeps the old one.</summary>
    protected void ApplicationStarts()
    {
        if (!Settings.RunsOldImageAfterFlash)
        {
            frozenImage = null;
        }
    }

    /// <summary>Runs <paramref name="action"/> after the scaled delay (at once when it is zero, so tests never wait).</summary>
    protected void After(TimeSpan delay, Action action)
    {
        TimeSpan wait = Settings.Scaled(delay);
        if (wait <= TimeSpan.Zero)
        {
            action();
        }
        else
        {
            _ = Task.Delay(wait).ContinueWith(_ => action(), TaskScheduler.Default);
        }
    }

    private (string Output, string Error) Execute(string code, VirtualSerialLink link)
    {
        if (code.Contains(LabRepl.BootloaderCall, StringComparison.Ordinal))
        {
            if (Settings.NoBootloaderFunction)
            {
                return (string.Empty, LabRepl.NoBootloaderError);
            }

            // OK has gone out; USB goes down: open handles fail from now on (§6 step 1).
            BootloaderEntries++;
            if (Settings.RunsOldImageAfterFlash)
            {
                frozenImage = FlashImage().ToArray();
            }

            link.Disconnect();
            LeaveApplication();
            LeftApplication?.Invoke();
            return (string.Empty, string.Empty);
        }

        LabImageFacts facts = Facts ?? throw new InvalidOperationException("no MicroPython in flash");
        if (Settings.MachineOverride is string machine)
        {
            facts = facts.WithMachine(machine);
        }

        return LabRepl.Answer(code, facts, Platform, UniqueIdHex, LabFirmware.BoardId(Kind));
    }
}
