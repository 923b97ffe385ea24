using System.Text;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.MicroPython;

/// <summary>
/// A MicroPython board at the device end of a <see cref="VirtualSerialLink"/>: friendly REPL (<c>&gt;&gt;&gt; </c>,
/// echo of typed characters), raw REPL, raw-paste with flow control (or refused, or unknown to old firmware),
/// Ctrl-C, soft reset, a program that prints forever, and faults: the ESP32 ROM bootloader, silence, noise, a
/// line that echoes everything, a cable cut while the code runs. It cannot run Python: code is answered by
/// <see cref="Executor"/>, by default the version query from the configured uname and sys facts.
/// </summary>
public sealed class VirtualReplBoard : IDisposable
{
    private const string RawBanner = "raw REPL; CTRL-B to exit";

    private readonly VirtualSerialLink link;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private readonly List<byte> rawLine = new();
    private readonly List<string> executed = new();
    private readonly object gate = new();
    private State state = State.Friendly;
    private int pasteStep;
    private int pasteReceived;
    private int pasteGrants;
    private bool programRunning;
    private long programLines;
    private int garbageSeed = 12345;
    private int ctrlAWhileDead;
    private volatile bool dead;

    public VirtualReplBoard(VirtualSerialLink link)
    {
        this.link = link;
        thread = new Thread(Run) { IsBackground = true, Name = "VirtualReplBoard" };
    }

    private enum State
    {
        Friendly,
        Raw,
        RawPasteHandshake,
        RawPaste,
    }

    public VirtualReplBoardMode Mode { get; init; } = VirtualReplBoardMode.MicroPython;

    /// <summary>The repr os.uname() prints; null for a port without uname (the sys facts answer instead).</summary>
    public string? Uname { get; init; } = "(sysname='pyboard', nodename='pyboard', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='PYBv1.1 with STM32F405RG')";

    /// <summary>"os", or "uos" for firmware whose os module has the old name.</summary>
    public string UnameModule { get; init; } = "os";

    public string Implementation { get; init; } = "(name='micropython', version=(1, 22, 2, ''), _machine='PYBv1.1 with STM32F405RG', _mpy=7942)";

    public string SysVersion { get; init; } = "3.4.0; MicroPython v1.22.2 on 2024-02-22";

    public string Platform { get; init; } = "pyboard";

    /// <summary>The banner printed at start, after Ctrl-B and after a soft reset.</summary>
    public string Banner { get; init; } = "MicroPython v1.22.2 on 2024-02-22; PYBv1.1 with STM32F405RG\nType \"help()\" for more information.\n";

    /// <summary>Print the banner and prompt when the board starts (as after a reset with the port open).</summary>
    public bool BannerAtStart { get; init; } = true;

    /// <summary>Line end of everything the board prints: "\r\n" on real boards, "\n" in the webassembly port's print output.</summary>
    public string LineEnding { get; init; } = "\r\n";

    public RawPasteSupport RawPaste { get; init; } = RawPasteSupport.Supported;

    /// <summary>The raw-paste window (a real pyboard offers 128 bytes).</summary>
    public int RawPasteWindow { get; init; } = 128;

    /// <summary>The line echoes every byte the host sends (a terminal server with local echo).</summary>
    public bool EchoesEverything { get; init; }

    /// <summary>main.py runs and prints forever when the host connects.</summary>
    public bool ProgramRunning { get; init; }

    /// <summary>The running program catches KeyboardInterrupt and goes on.</summary>
    public bool IgnoresInterrupt { get; init; }

    /// <summary>
    /// The line is dead when the host connects (a slow boot.py, USB CDC still coming up): every byte is lost and
    /// nothing is printed until <see cref="WakeUp"/>, which prints the banner and prompt as a board that finished
    /// booting does.
    /// </summary>
    public bool DeadAtStart { get; init; }

    /// <summary>The friendly REPL works but Ctrl-A does nothing (firmware whose raw REPL is unreachable from this line).</summary>
    public bool RefusesRawRepl { get; init; }

    /// <summary>How many Ctrl-A arrived while the line was dead (each a try the host made in vain).</summary>
    public int CtrlAWhileDead => Volatile.Read(ref ctrlAWhileDead);

    /// <summary>Cut the cable when code arrives to run (the port disappears mid-query).</summary>
    public bool DisconnectOnExecute { get; init; }

    /// <summary>Answers code: (output, error text). Default: the version query from the settings above.</summary>
    public Func<string, (string Output, string Error)>? Executor { get; init; }

    /// <summary>Code the board ran, in order.</summary>
    public IReadOnlyList<string> Executed
    {
        get
        {
            lock (gate)
            {
                return executed.ToList();
            }
        }
    }

    /// <summary>True if the host ever sent more raw-paste data than the window it was granted.</summary>
    public bool RawPasteOverrun { get; private set; }

    /// <summary>How many soft resets the board did.</summary>
    public int SoftResets { get; private set; }

    /// <summary>True while the board is in its raw REPL (false again after Ctrl-B).</summary>
    public bool InRawRepl => state != State.Friendly;

    public VirtualReplBoard Start()
    {
        programRunning = ProgramRunning;
        dead = DeadAtStart;
        if (Mode == VirtualReplBoardMode.Esp32Bootloader)
        {
            Send("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n");
        }
        else if (Mode == VirtualReplBoardMode.MicroPython && BannerAtStart && !programRunning && !dead)
        {
            Print(Banner + ">>> ");
        }

        thread.Start();
        return this;
    }

    /// <summary>Ends <see cref="DeadAtStart"/>: the board finished booting and greets with its banner and prompt.</summary>
    public void WakeUp()
    {
        lock (gate)
        {
            if (dead)
            {
                dead = false;
                Print(Banner + ">>> ");
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        if (thread.IsAlive)
        {
            thread.Join();
        }

        stop.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[256];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // A running program prints a line every millisecond without input; otherwise wait for bytes.
                TimeSpan wait = programRunning ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(50);
                int n = link.Device.Read(buffer, 0, buffer.Length, wait, stop.Token);
                if (n < 0)
                {
                    return; // The host closed the port.
                }

                if (n == 0)
                {
                    if (programRunning && Mode == VirtualReplBoardMode.MicroPython)
                    {
                        Print($"tick {programLines++}\n");
                    }

                    continue;
                }

                if (EchoesEverything)
                {
                    link.Device.Write(buffer.AsSpan(0, n));
                }

                lock (gate)
                {
                    for (int i = 0; i < n; i++)
                    {
                        if (dead)
                        {
                            if (buffer[i] == 0x01)
                            {
                                Interlocked.Increment(ref ctrlAWhileDead);
                            }

                            continue; // Lost: nobody reads the line yet.
                        }

                        Receive(buffer[i]);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Receive(byte b)
    {
        switch (Mode)
        {
            case VirtualReplBoardMode.Silent:
            case VirtualReplBoardMode.Esp32Bootloader:
                return;
            case VirtualReplBoardMode.Garbage:
                var noise = new byte[3];
                for (int i = 0; i < noise.Length; i++)
                {
                    garbageSeed = (garbageSeed * 1103515245) + 12345;
                    noise[i] = (byte)(garbageSeed >> 16);
                }

                link.Device.Write(noise);
                return;
        }

        switch (state)
        {
            case State.Friendly:
                ReceiveFriendly(b);
                break;
            case State.Raw:
                ReceiveRaw(b);
                break;
            case State.RawPasteHandshake:
                ReceivePasteHandshake(b);
                break;
            case State.RawPaste:
                ReceivePaste(b);
                break;
        }
    }

    private void ReceiveFriendly(byte b)
    {
        if (programRunning)
        {
            if (b == 0x03 && !IgnoresInterrupt)
            {
                programRunning = false;
                Print("Traceback (most recent call last):\n  File \"main.py\", line 4, in <module>\nKeyboardInterrupt: \n");
                Print(Banner + ">>> ");
            }

            return; // A running program does not read the REPL's input.
        }

        switch (b)
        {
            case 0x01:
                if (RefusesRawRepl)
                {
                    break;
                }

                state = State.Raw;
                rawLine.Clear();
                Print("\n" + RawBanner + "\n>");
                break;
            case 0x02:
                Print("\n" + Banner + ">>> ");
                break;
            case 0x03:
                Print("\n>>> ");
                break;
            case 0x04:
                SoftReset();
                Print(Banner + ">>> ");
                break;
            case (byte)'\r':
                Print("\n>>> ");
                break;
            default:
                link.Device.Write(new[] { b }); // The friendly REPL echoes what is typed.
                break;
        }
    }

    private void ReceiveRaw(byte b)
    {
        switch (b)
        {
            case 0x01:
                rawLine.Clear();
                Print(RawBanner + "\n>");
                return;
            case 0x02:
                state = State.Friendly;
                Print("\n" + Banner + ">>> ");
                return;
            case 0x03:
                rawLine.Clear();
                return;
            case 0x04:
                if (rawLine.Count == 0)
                {
                    Send("OK");
                    SoftReset();
                    Print(RawBanner + "\n>");
                    return;
                }

                Send("OK");
                Execute();
                return;
            case 0x05:
                if (rawLine.Count == 0 && RawPaste != RawPasteSupport.Unknown)
                {
                    state = State.RawPasteHandshake;
                    return;
                }

                break;
        }

        rawLine.Add(b);
    }

    private void ReceivePasteHandshake(byte b)
    {
        if (b == (byte)'A')
        {
            return;
        }

        if (b != 0x01)
        {
            state = State.Raw;
            return;
        }

        if (RawPaste == RawPasteSupport.Refused)
        {
            state = State.Raw;
            link.Device.Write(new byte[] { (byte)'R', 0x00 });
            return;
        }

        state = State.RawPaste;
        pasteReceived = 0;
        pasteGrants = 0;
        pasteStep = 0;
        link.Device.Write(new byte[] { (byte)'R', 0x01, (byte)(RawPasteWindow & 0xFF), (byte)(RawPasteWindow >> 8) });
    }

    private void ReceivePaste(byte b)
    {
        if (b == 0x04)
        {
            // End of code: acknowledge, then compile and run; no OK in raw-paste mode.
            link.Device.Write(new byte[] { 0x04 });
            state = State.Raw;
            Execute();
            return;
        }

        pasteReceived++;
        if (pasteReceived > RawPasteWindow * (1 + pasteGrants))
        {
            RawPasteOverrun = true;
        }

        rawLine.Add(b);
        if (++pasteStep == RawPasteWindow)
        {
            // The window is consumed: grant another.
            pasteStep = 0;
            pasteGrants++;
            link.Device.Write(new byte[] { 0x01 });
        }
    }

    private void Execute()
    {
        string code = Encoding.UTF8.GetString(rawLine.ToArray());
        rawLine.Clear();
        lock (gate)
        {
            executed.Add(code);
        }

        if (DisconnectOnExecute)
        {
            link.Disconnect();
            return;
        }

        (string output, string error) = (Executor ?? AnswerVersionQuery)(code);
        Print(output);
        Send("\x04");
        Print(error);
        Send("\x04>");
    }

    private (string Output, string Error) AnswerVersionQuery(string code)
    {
        if (!code.Contains("uname", StringComparison.Ordinal))
        {
            return (string.Empty, "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name not defined\n");
        }

        string uname = Uname is null ? "FTV-UNAME - None\n" : $"FTV-UNAME {UnameModule} {Uname}\n";
        return (uname + $"FTV-IMPL {Implementation}\nFTV-VERSION {Repr(SysVersion)}\nFTV-PLATFORM {Repr(Platform)}\n", string.Empty);
    }

    private static string Repr(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private void SoftReset()
    {
        SoftResets++;
        programRunning = false;
        Print("MPY: soft reboot\n");
    }

    /// <summary>Writes text with the board's line ending.</summary>
    private void Print(string text) => Send(text.Replace("\n", LineEnding, StringComparison.Ordinal));

    private void Send(string text) => link.Device.Write(Encoding.UTF8.GetBytes(text));
}
