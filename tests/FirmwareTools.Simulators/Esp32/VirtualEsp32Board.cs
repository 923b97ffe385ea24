using System.Diagnostics;
using System.Text;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// A virtual ESP32-D0WDQ6 board: SPI flash and eFuses that persist across connections, the DevKit auto-reset circuit
/// (or a Pycom strap jumper), and the ROM serial download loader (docs/protocols/esp32-rom-loader.md §8). Attach it to the device
/// end of a <see cref="VirtualSerialLink"/>; the client under test opens the link's host end.
/// </summary>
/// <remarks>
/// No stub personality: our client never uploads one, and MEM_END into uploaded code leaves the chip running
/// something the simulator cannot execute (it goes silent until reset).
/// </remarks>
public sealed partial class VirtualEsp32Board : IDisposable
{
    private readonly object gate = new();
    private readonly List<LoggedEsp32Command> commands = [];
    private readonly Dictionary<byte, int> opcodeCounts = [];
    private readonly Random garbage = new(0x32);
    private readonly SlipFrameDecoder decoder = new();
    private VirtualEsp32Connection? connection;
    private Esp32BoardState state;
    private long pendingBootAt; // Stopwatch ticks; 0 = none
    private bool pendingBootForcedDownload;
    private bool runningRamCode;
    private int boardBaud;
    private int bootCount;
    private int enLowCount;
    private bool enHeldLowByLines;
    private readonly List<(bool Dtr, bool Rts)> lineLog = [];
    private string bootOutput = "";

    public VirtualEsp32Board(VirtualEsp32Settings? settings = null)
    {
        Settings = settings ?? new VirtualEsp32Settings();
        Flash = new VirtualSpiFlash(Settings.FlashSize);
        boardBaud = Settings.RomBaudRate;
        PowerOnReset(emit: false);
    }

    public VirtualEsp32Settings Settings { get; }

    public VirtualEsp32Faults Faults { get; } = new();

    /// <summary>
    /// Called with the block's sequence number before each FLASH_DATA / FLASH_DEFL_DATA block is handled, on the
    /// connection's thread and inside the board's lock: a test can hold the board at a known block (a gate) to prove
    /// overlap or to stop a transfer midway without depending on timing. Nothing else on this board runs meanwhile.
    /// </summary>
    public Action<uint>? BeforeFlashData { get; set; }

    /// <summary>The SPI flash; survives every reset and connection.</summary>
    public VirtualSpiFlash Flash { get; }

    /// <summary>
    /// What runs from flash in <see cref="Esp32BoardState.RunApp"/>: the virtual lab's MicroPython, which answers from the
    /// image in <see cref="Flash"/>. Null: <see cref="VirtualEsp32Settings.ReplMode"/>'s echoing prompt, or silence.
    /// </summary>
    public IVirtualEsp32Application? Application { get; set; }

    public Esp32BoardState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>The chip UART's current baud rate (changes with auto-baud and CHANGE_BAUDRATE, back to the ROM rate on reset).</summary>
    public int BaudRate
    {
        get
        {
            lock (gate)
            {
                return boardBaud;
            }
        }
    }

    /// <summary>Boots since creation (power-on counts as the first).</summary>
    public int BootCount
    {
        get
        {
            lock (gate)
            {
                return bootCount;
            }
        }
    }

    /// <summary>
    /// How often the modem lines pulled EN low (a (DTR off, RTS on) state began on the DevKit circuit): every reset
    /// through the lines counts once, a deliberate one and a glitch alike, so a test can prove that a command meant not
    /// to reset the board (-Before NoReset, opening or closing a port) never passed through that state.
    /// </summary>
    public int EnLowCount
    {
        get
        {
            lock (gate)
            {
                return enLowCount;
            }
        }
    }

    /// <summary>Every (DTR, RTS) state the board's end of the cable saw, in order (the modem-line log).</summary>
    public IReadOnlyList<(bool Dtr, bool Rts)> ModemLineLog
    {
        get
        {
            lock (gate)
            {
                return [.. lineLog];
            }
        }
    }

    /// <summary>What the chip printed on its last boot (banner or boot log, plus the REPL banner).</summary>
    public string LastBootOutput
    {
        get
        {
            lock (gate)
            {
                return bootOutput;
            }
        }
    }

    /// <summary>Every command frame decoded in download mode, in order.</summary>
    public IReadOnlyList<LoggedEsp32Command> Commands
    {
        get
        {
            lock (gate)
            {
                return [.. commands];
            }
        }
    }

    /// <summary>The opcodes of <see cref="Commands"/>, in order.</summary>
    public IReadOnlyList<byte> ReceivedOpcodes => Commands.Select(c => c.Opcode).ToArray();

    /// <summary>The board's ROM is talking to a client that has synced since the last reset.</summary>
    public bool Synced
    {
        get
        {
            lock (gate)
            {
                return rom.Synced;
            }
        }
    }

    internal bool HasPendingBoot
    {
        get
        {
            lock (gate)
            {
                return pendingBootAt != 0;
            }
        }
    }

    public void ClearCommandLog()
    {
        lock (gate)
        {
            commands.Clear();
        }
    }

    /// <summary>
    /// Connects the board to the device end of <paramref name="link"/> (a previous connection is dropped). With
    /// <see cref="VirtualEsp32Settings.ResetOnAttach"/> the chip is reset first, keeping flash and eFuses.
    /// </summary>
    public VirtualEsp32Connection Attach(VirtualSerialLink link) => Attach(link, Settings.ResetOnAttach);

    /// <summary>Connects the board to <paramref name="link"/>, resetting it first only when <paramref name="reset"/> (a re-enumerated USB port does not).</summary>
    public VirtualEsp32Connection Attach(VirtualSerialLink link, bool reset)
    {
        ArgumentNullException.ThrowIfNull(link);
        VirtualEsp32Connection? old;
        var created = new VirtualEsp32Connection(this, link);
        lock (gate)
        {
            old = connection;
            connection = created;
            if (reset)
            {
                PowerOnReset(emit: false);
            }
        }

        old?.Dispose();
        created.Start();
        return created;
    }

    /// <summary>The user presses the reset button (EN pulse): the chip samples its straps after the EN delay.</summary>
    public void PressReset()
    {
        lock (gate)
        {
            EnterReset();
            ScheduleBoot(forceDownload: false);
            if (connection is null)
            {
                ResolveBoot(null);
            }
        }
    }

    /// <summary>
    /// Resets the chip at once and silently (flash and eFuses kept): as if it had been reset before anyone listened.
    /// Used when a new TCP client connects to serve-esp32, so every client finds the board fresh.
    /// </summary>
    public void PowerCycle()
    {
        lock (gate)
        {
            PowerOnReset(emit: false);
        }
    }

    /// <summary>Waits until the board is in <paramref name="expected"/> (a reset resolves on the connection's thread).</summary>
    public bool WaitForState(Esp32BoardState expected, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (State == expected && !HasPendingBoot)
            {
                return true;
            }

            Thread.Sleep(1);
        }

        return State == expected;
    }

    public void Dispose()
    {
        VirtualEsp32Connection? current;
        lock (gate)
        {
            current = connection;
            connection = null;
        }

        current?.Dispose();
    }

    internal void Detach(VirtualEsp32Connection gone)
    {
        lock (gate)
        {
            if (ReferenceEquals(connection, gone))
            {
                connection = null;
            }
        }
    }

    /// <summary>DevKit circuit (§3.1): EN is low only for (DTR off, RTS on); GPIO0 is low only for (DTR on, RTS off).</summary>
    internal void OnModemLines(VirtualEsp32Connection from, bool dtr, bool rts)
    {
        if (!Settings.ModemLinesWired)
        {
            return;
        }

        bool enLow = rts && !dtr;
        lock (gate)
        {
            if (!ReferenceEquals(from, connection))
            {
                return;
            }

            lineLog.Add((dtr, rts));
            if (enLow && !enHeldLowByLines && Settings.Link != VirtualEsp32Link.UsbOtg)
            {
                enLowCount++;
            }

            enHeldLowByLines = enLow;
            if (Settings.Link != VirtualEsp32Link.UsbUartBridge)
            {
                OnUsbLines(dtr, rts);
                return;
            }

            if (enLow)
            {
                EnterReset();
            }
            else if (state == Esp32BoardState.InReset && pendingBootAt == 0)
            {
                // EN released: the chip starts once the EN capacitor has charged and samples GPIO0 then.
                ScheduleBoot(forceDownload: false);
            }
        }
    }

    /// <summary>Called by the connection thread between reads: resolves a due boot and sends its output.</summary>
    internal void Tick(VirtualEsp32Connection from)
    {
        List<(byte[] Bytes, int Baud)> output = [];
        lock (gate)
        {
            if (!ReferenceEquals(from, connection) || pendingBootAt == 0 || Stopwatch.GetTimestamp() < pendingBootAt)
            {
                return;
            }

            ResolveBoot(output);
        }

        Flush(from, output);
        RaiseReenumeration();
    }

    internal void OnReceived(VirtualEsp32Connection from, ReadOnlySpan<byte> received)
    {
        List<(byte[] Bytes, int Baud)> output = [];
        bool cut = false;
        lock (gate)
        {
            if (!ReferenceEquals(from, connection))
            {
                return;
            }

            switch (state)
            {
                case Esp32BoardState.InReset:
                    break;
                case Esp32BoardState.RunApp:
                    RunAppInput(received, output);
                    break;
                case Esp32BoardState.RomDownload:
                    if (Faults.HostToChipLineDead)
                    {
                        break;
                    }

                    if (Settings.AutoBaudBeforeSync && !rom.Synced && from.HostDataBits == 8)
                    {
                        boardBaud = from.HostBaudRate;
                    }

                    byte[] bytes = received.ToArray();
                    if (Garbled(from))
                    {
                        GarbleInPlace(bytes);
                    }

                    foreach (byte b in bytes)
                    {
                        byte[]? frame = decoder.Feed(b);
                        if (frame is not null)
                        {
                            cut = HandleFrame(from, frame, output);
                            if (cut || state != Esp32BoardState.RomDownload)
                            {
                                break;
                            }
                        }
                    }

                    break;
            }
        }

        Flush(from, output);
        RaiseReenumeration();
        if (cut)
        {
            from.CutCable();
        }
    }

    private void Flush(VirtualEsp32Connection to, List<(byte[] Bytes, int Baud)> output)
    {
        foreach ((byte[] bytes, int baud) in output)
        {
            // Whether the host can read them is decided as they leave: the host may have changed its baud meanwhile.
            byte[] wire = bytes;
            lock (gate)
            {
                if (GarbledAt(to, baud))
                {
                    wire = (byte[])bytes.Clone();
                    GarbleInPlace(wire);
                }
            }

            to.Send(wire, baud);
        }
    }

    private bool Garbled(VirtualEsp32Connection c) => GarbledAt(c, boardBaud);

    /// <summary>Characters survive only when both ends agree on the frame format and (within tolerance) the baud rate (§8.1).</summary>
    private bool GarbledAt(VirtualEsp32Connection c, int chipBaud)
    {
        int hostBaud = c.HostBaudRate;
        if (c.HostDataBits != 8)
        {
            return true;
        }

        if (Faults.LinkFailsAboveBaud is int limit && Math.Max(hostBaud, chipBaud) > limit)
        {
            return true;
        }

        return Math.Abs(hostBaud - chipBaud) > Settings.BaudTolerance * chipBaud;
    }

    private void GarbleInPlace(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)garbage.Next(256);
        }
    }

    private void PowerOnReset(bool emit)
    {
        EnterReset();
        ClearRtcRegisters();
        rtcWatchdogEnabled = Settings.RtcWatchdogArmed;
        usjDownloadLatch = false;
        ScheduleBoot(forceDownload: Settings.StartInDownloadMode);
        if (!emit)
        {
            ResolveBoot(null);
        }

        // Power comes with plugging in: the port appears now, it does not re-enumerate.
        pendingReenumeration = false;
    }

    private void EnterReset()
    {
        rtcWatchdogWork = TimeSpan.Zero;
        state = Esp32BoardState.InReset;
        pendingBootAt = 0;
        runningRamCode = false;
        decoder.Reset();
        rom = new RomSession();
    }

    private void ScheduleBoot(bool forceDownload)
    {
        pendingBootAt = Stopwatch.GetTimestamp() + (long)(Settings.EnRiseDelay.TotalSeconds * Stopwatch.Frequency);
        if (pendingBootAt == 0)
        {
            pendingBootAt = 1;
        }

        pendingBootForcedDownload = forceDownload;
    }

    private bool Gpio0Low()
    {
        if (Faults.StrapStuckHigh)
        {
            return false;
        }

        if (drivenGpio0Low is bool driven)
        {
            return driven;
        }

        if (Settings.StrapJumperFitted)
        {
            return true;
        }

        if (!Settings.ModemLinesWired || connection is null || Settings.Link != VirtualEsp32Link.UsbUartBridge)
        {
            // On USB-Serial/JTAG and OTG the host's lines never reach the boot pin.
            return false;
        }

        VirtualSerialLink.DeviceEnd device = connection.Link.Device;
        return device.Dtr && !device.Rts;
    }

    /// <summary>EN has risen: sample GPIO0 and boot into the loader or the application (§3.1, §3.4).</summary>
    private void ResolveBoot(List<(byte[] Bytes, int Baud)>? output)
    {
        bool download = BootsIntoLoader();
        pendingBootAt = 0;
        pendingBootForcedDownload = false;
        bootCount++;
        boardBaud = Settings.RomBaudRate;
        decoder.Reset();
        rom = new RomSession { FirstSyncPending = Settings.FirstSyncLost };
        if (download)
        {
            state = Esp32BoardState.RomDownload;
            bootOutput = Settings.DownloadBootBanner;
        }
        else
        {
            state = Esp32BoardState.RunApp;
            bootOutput = Settings.FlashBootLog + AppStarted();
        }

        output?.Add((Encoding.ASCII.GetBytes(bootOutput), boardBaud));
    }

    /// <summary>Leaves the loader after FLASH_END / FLASH_DEFL_END: 0 reboots (straps re-sampled), 1 runs the user code.</summary>
    private void LeaveLoader(bool reboot, List<(byte[] Bytes, int Baud)> output)
    {
        if (reboot)
        {
            EnterReset();
            ResolveBoot(output);
            return;
        }

        state = Esp32BoardState.RunApp;
        boardBaud = Settings.RomBaudRate;
        rom = new RomSession();
        bootOutput = AppStarted();
        if (bootOutput.Length > 0)
        {
            output.Add((Encoding.ASCII.GetBytes(bootOutput), boardBaud));
        }
    }

    /// <summary>The application: silent, or a MicroPython REPL that echoes and prompts again after each line.</summary>
    /// <summary>What the application prints as it starts: the lab's banner, ReplMode's, or nothing.</summary>
    private string AppStarted() => Application?.Started() ?? (Settings.ReplMode ? Settings.ReplBanner + ">>> " : "");

    private void RunAppInput(ReadOnlySpan<byte> received, List<(byte[] Bytes, int Baud)> output)
    {
        if (Application is IVirtualEsp32Application application && !runningRamCode)
        {
            boardBaud = Settings.RomBaudRate;
            output.Add((application.Receive(received), boardBaud));
            return;
        }

        if (!Settings.ReplMode || runningRamCode)
        {
            return;
        }

        boardBaud = Settings.RomBaudRate;
        var reply = new List<byte>(received.Length + 8);
        foreach (byte b in received)
        {
            if (b == (byte)'\r' || b == (byte)'\n' || b == 0x03)
            {
                reply.AddRange("\r\n>>> "u8.ToArray());
            }
            else
            {
                reply.Add(b);
            }
        }

        // A host at the wrong baud gets garbage back: Flush garbles whatever leaves at a baud the host does not use.
        output.Add(([.. reply], boardBaud));
    }
}
