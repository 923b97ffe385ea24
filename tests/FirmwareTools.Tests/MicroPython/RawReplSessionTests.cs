using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.Tests.MicroPython;

/// <summary>The raw REPL client and the version query against the virtual MicroPython board, fault by fault.</summary>
public class RawReplSessionTests
{
    private static readonly RawReplOptions Patient = new() { Timeout = TimeSpan.FromSeconds(10) };

    // Failure tests wait for a timeout that must pass: short, and nothing asserts how long it took.
    private static readonly RawReplOptions Impatient = new() { Timeout = TimeSpan.FromMilliseconds(400) };

    [Fact]
    public void Reads_a_pyboard_through_raw_paste_and_leaves_it_in_the_friendly_REPL_without_a_reset()
    {
        var link = new VirtualSerialLink("COM5");
        using var board = new VirtualReplBoard(link).Start();

        DeviceVersion v = DeviceVersionReader.Read(link.Host, Patient, null, CancellationToken.None);

        Assert.Equal("COM5", v.Port);
        Assert.Equal(DeviceVersionSource.OsUname, v.Source);
        Assert.Equal("PYBv1.1", v.Board);
        Assert.Equal("STM32F405RG", v.Mcu);
        Assert.Equal(FirmwareVersion.Parse("v1.22.2"), v.MicroPythonVersion);
        Assert.Equal(new DateTime(2024, 2, 22), v.BuildDate);
        Assert.Equal(DeviceVersionReader.Script, Assert.Single(board.Executed));
        Assert.False(board.RawPasteOverrun);
        Assert.Equal(0, board.SoftResets);
        SpinUntil(() => !board.InRawRepl);
        Assert.False(board.InRawRepl);
    }

    [Fact]
    public void Raw_paste_obeys_the_window_flow_control_and_delivers_long_code_intact()
    {
        var link = new VirtualSerialLink("COM5");
        string code = string.Concat(Enumerable.Range(0, 200).Select(i => $"x{i} = {i}\n")) + "print(x199)\n";
        using var board = new VirtualReplBoard(link) { RawPasteWindow = 16, Executor = c => ($"{c.Length}\n", string.Empty) }.Start();
        using var session = new RawReplSession(link.Host, Patient);

        session.Enter(softReset: false, CancellationToken.None);
        string output = session.Execute(code, CancellationToken.None);

        Assert.True(session.RawPasteSupported);
        Assert.Equal(code, Assert.Single(board.Executed));
        Assert.Equal($"{code.Length}\r\n", output);
        Assert.False(board.RawPasteOverrun);
    }

    [Theory]
    [InlineData(RawPasteSupport.Refused)]
    [InlineData(RawPasteSupport.Unknown)]
    public void Falls_back_to_plain_raw_mode_when_raw_paste_is_refused_or_unknown(RawPasteSupport support)
    {
        var link = new VirtualSerialLink("COM6");
        string code = new string('#', 700) + "\nprint(1)\n"; // more than one 256-byte chunk
        using var board = new VirtualReplBoard(link) { RawPaste = support, Executor = c => ("1\n", string.Empty) }.Start();
        using var session = new RawReplSession(link.Host, Patient);

        session.Enter(softReset: false, CancellationToken.None);
        Assert.Equal("1\r\n", session.Execute(code, CancellationToken.None));
        Assert.Equal("1\r\n", session.Execute(code, CancellationToken.None));

        Assert.False(session.RawPasteSupported);
        Assert.Equal(new[] { code, code }, board.Executed);
    }

    [Fact]
    public void Tolerates_single_byte_reads_newline_only_lines_and_a_banner_before_the_prompt()
    {
        var link = new VirtualSerialLink("socket://127.0.0.1:1");
        using var board = new VirtualReplBoard(link) { LineEnding = "\n", Uname = null, Implementation = "(name='micropython', version=(1, 27, 0, ''), _machine='JS with Emscripten', _mpy=774)", SysVersion = "3.4.0; MicroPython v1.27.0 on 2025-12-10", Platform = "webassembly" }.Start();
        var port = new OneByteAtATimePort(link.Host);

        DeviceVersion v = DeviceVersionReader.Read(port, Patient, null, CancellationToken.None);

        Assert.Equal(DeviceVersionSource.Sys, v.Source);
        Assert.Equal(FirmwareVersion.Parse("v1.27.0"), v.MicroPythonVersion);
        Assert.Equal("webassembly", v.SysName);
        Assert.True(port.Reads > 100);
    }

    [Fact]
    public void A_line_that_echoes_everything_still_reads_and_skips_raw_paste()
    {
        var link = new VirtualSerialLink("COM7");
        using var board = new VirtualReplBoard(link) { EchoesEverything = true }.Start();
        using var session = new RawReplSession(link.Host, Patient);

        session.Enter(softReset: false, CancellationToken.None);
        DeviceVersion v = DeviceVersionParser.ParseScriptOutput("COM7", session.Execute(DeviceVersionReader.Script, CancellationToken.None));

        Assert.True(session.LineEchoes);
        Assert.Null(session.RawPasteSupported);
        Assert.Equal("PYBv1.1", v.Board);
    }

    [Fact]
    public void Interrupts_a_program_that_prints_forever()
    {
        var link = new VirtualSerialLink("COM8");
        using var board = new VirtualReplBoard(link) { ProgramRunning = true }.Start();

        DeviceVersion v = DeviceVersionReader.Read(link.Host, Patient, null, CancellationToken.None);

        Assert.Equal("PYBv1.1", v.Board);
    }

    [Fact]
    public void A_program_that_ignores_Ctrl_C_times_out_showing_its_output()
    {
        var link = new VirtualSerialLink("COM8");
        using var board = new VirtualReplBoard(link) { ProgramRunning = true, IgnoresInterrupt = true }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.Equal("ReplProgramRunning", e.ErrorId);
        Assert.Equal(ReplLineDiagnosis.ProgramRunning, e.Diagnosis);
        Assert.Equal("COM8", e.Target);
        Assert.Contains("tick ", e.LastSeen);
        Assert.Contains("COM8: a program on the board keeps running and ignores Ctrl-C", e.Message);
        Assert.Contains("raw REPL prompt", e.Message);
        Assert.Contains("tick ", e.Message);
        Assert.Contains("reset button", e.RecommendedAction);
        Assert.DoesNotContain("DFU", e.Message + e.RecommendedAction);
        Assert.Equal(FirmwareErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public void A_board_in_the_ESP32_bootloader_is_named_as_such()
    {
        var link = new VirtualSerialLink("/dev/ttyUSB0");
        using var board = new VirtualReplBoard(link) { Mode = VirtualReplBoardMode.Esp32Bootloader }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.Equal("ReplBoardInBootloader", e.ErrorId);
        Assert.Contains("board is in its ESP32 bootloader", e.Message);
        Assert.Contains("waiting for download", e.LastSeen);
        Assert.Contains("GPIO0", e.RecommendedAction);
    }

    [Fact]
    public void A_port_that_answers_nothing_says_so_and_names_both_causes()
    {
        var link = new VirtualSerialLink("/dev/ttyACM0");
        using var board = new VirtualReplBoard(link) { Mode = VirtualReplBoardMode.Silent }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.Equal("ReplNoAnswer", e.ErrorId);
        Assert.Equal(ReplLineDiagnosis.Silent, e.Diagnosis);
        Assert.Contains("/dev/ttyACM0: nothing at all came back", e.Message);
        Assert.Contains("ignores Ctrl-C without printing", e.Message);
        Assert.Contains("a pyboard in DFU mode has none", e.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("reset button", e.RecommendedAction);
        Assert.Equal(string.Empty, e.LastSeen);
    }

    [Fact]
    public void Garbage_on_the_line_times_out_quoting_it()
    {
        var link = new VirtualSerialLink("COM9");
        using var board = new VirtualReplBoard(link) { Mode = VirtualReplBoardMode.Garbage }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.Equal(ReplLineDiagnosis.NotMicroPython, e.Diagnosis);
        Assert.Equal("ReplNotMicroPython", e.ErrorId);
        Assert.Contains("COM9: what comes back is not MicroPython's REPL", e.Message);
        Assert.Contains("baud rate", e.RecommendedAction);
        Assert.Contains("\\x", e.LastSeen);
    }

    [Fact]
    public async Task A_board_whose_line_is_dead_after_opening_is_interrupted_again_until_it_answers()
    {
        // A slow boot.py or USB CDC coming up: the first interrupts are lost. mpremote-style entry sends them once;
        // ours tries again within the entry budget. The board wakes only after it has seen two tries in vain, so
        // the test proves the retry without depending on how long anything takes.
        var link = new VirtualSerialLink("/dev/ttyACM1");
        using var board = new VirtualReplBoard(link) { DeadAtStart = true }.Start();
        var options = new RawReplOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            EntryTimeout = TimeSpan.FromMinutes(2),
            EntryAttemptTimeout = TimeSpan.FromMilliseconds(50),
        };

        Task<DeviceVersion> query = Task.Run(() => DeviceVersionReader.Read(link.Host, options, null, CancellationToken.None));
        Assert.True(SpinWait.SpinUntil(() => board.CtrlAWhileDead >= 2 || query.IsCompleted, TimeSpan.FromMinutes(1)), "the client never tried twice");
        Assert.False(query.IsCompleted, "the query ended before the board woke: " + query.Exception?.InnerException?.Message);
        board.WakeUp();

        DeviceVersion v = await query;
        Assert.Equal("PYBv1.1", v.Board);
        Assert.True(board.CtrlAWhileDead >= 2);
        Assert.Equal(0, board.SoftResets);
        Assert.Equal(DeviceVersionReader.Script, Assert.Single(board.Executed));
    }

    [Fact]
    public void A_dead_line_that_never_wakes_fails_after_the_entry_budget_with_every_try_counted()
    {
        var link = new VirtualSerialLink("/dev/ttyACM2");
        using var board = new VirtualReplBoard(link) { DeadAtStart = true }.Start();
        var options = new RawReplOptions { Timeout = TimeSpan.FromSeconds(5), EntryTimeout = TimeSpan.FromMilliseconds(600), EntryAttemptTimeout = TimeSpan.FromMilliseconds(100) };

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, options, null, CancellationToken.None));

        Assert.Equal("ReplNoAnswer", e.ErrorId);
        Assert.Matches(@"after \d+ tries of Ctrl-C and Ctrl-A", e.Message);
        Assert.True(board.CtrlAWhileDead >= 2, $"only {board.CtrlAWhileDead} tries reached the board");
        Assert.Empty(board.Executed);
    }

    [Fact]
    public void A_friendly_REPL_that_never_enters_the_raw_REPL_is_named()
    {
        var link = new VirtualSerialLink("COM17");
        using var board = new VirtualReplBoard(link) { RefusesRawRepl = true }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.Equal("ReplRawModeRefused", e.ErrorId);
        Assert.Equal(ReplLineDiagnosis.RawReplRefused, e.Diagnosis);
        Assert.Contains("COM17: the board's friendly REPL answers", e.Message);
        Assert.Contains(">>> ", e.LastSeen);
    }

    [Theory]
    [InlineData(VirtualReplBoardMode.Silent)]
    [InlineData(VirtualReplBoardMode.Garbage)]
    [InlineData(VirtualReplBoardMode.Esp32Bootloader)]
    public void Timeout_messages_read_as_sentences(VirtualReplBoardMode mode)
    {
        var link = new VirtualSerialLink("COM18");
        using var board = new VirtualReplBoard(link) { Mode = mode }.Start();

        var e = Assert.Throws<ReplTimeoutException>(() => DeviceVersionReader.Read(link.Host, Impatient, null, CancellationToken.None));

        Assert.DoesNotContain("no the ", e.Message);
        Assert.StartsWith("COM18: ", e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.RecommendedAction));
    }

    [Fact]
    public void The_SoftReset_option_soft_resets_once_inside_the_raw_REPL_before_the_query()
    {
        var link = new VirtualSerialLink("COM19");
        using var board = new VirtualReplBoard(link).Start();
        var options = new RawReplOptions { Timeout = TimeSpan.FromSeconds(10), SoftReset = true };

        DeviceVersion v = DeviceVersionReader.Read(link.Host, options, null, CancellationToken.None);

        Assert.Equal("PYBv1.1", v.Board);
        Assert.Equal(1, board.SoftResets);
    }

    [Fact]
    public void A_port_that_disappears_mid_query_is_reported_as_lost()
    {
        var link = new VirtualSerialLink("COM10");
        using var board = new VirtualReplBoard(link) { DisconnectOnExecute = true }.Start();

        var e = Assert.Throws<SerialPortLostException>(() => DeviceVersionReader.Read(link.Host, Patient, null, CancellationToken.None));

        Assert.Equal("SerialPortLost", e.ErrorId);
        Assert.Equal("COM10", e.Target);
        Assert.Single(board.Executed);
    }

    [Fact]
    public void An_unparseable_uname_is_its_own_error()
    {
        var link = new VirtualSerialLink("COM11");
        using var board = new VirtualReplBoard(link) { Uname = "<uname object at 0x20003a40>" }.Start();

        var e = Catalogued.Throws("DeviceVersionUnparseable", () => DeviceVersionReader.Read(link.Host, Patient, null, CancellationToken.None));

        Assert.Equal("COM11", e.Target);
        Assert.EndsWith(": \"<uname object at 0x20003a40>\".", e.Message);
    }

    [Fact]
    public void Old_firmware_answers_through_uos()
    {
        var link = new VirtualSerialLink("COM12");
        using var board = new VirtualReplBoard(link)
        {
            UnameModule = "uos",
            Uname = "(sysname='WiPy', nodename='WiPy', release='1.8.0.b1', version='v1.8.6-849-83e2f7f on 2017-08-11', machine='WiPy with ESP32')",
            RawPaste = RawPasteSupport.Unknown,
        }.Start();

        DeviceVersion v = DeviceVersionReader.Read(link.Host, Patient, null, CancellationToken.None);

        Assert.Equal(DeviceVersionSource.UosUname, v.Source);
        Assert.True(v.IsPycom);
        Assert.Equal(PycomVersion.Parse("1.8.0.b1"), v.PycomVersion);
    }

    [Fact]
    public void An_error_on_the_board_carries_its_traceback_and_the_session_goes_on()
    {
        var link = new VirtualSerialLink("COM13");
        using var board = new VirtualReplBoard(link)
        {
            Executor = c => c == "1/0"
                ? ("before\n", "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nZeroDivisionError: divide by zero\n")
                : ("fine\n", string.Empty),
        }.Start();
        using var session = new RawReplSession(link.Host, Patient);
        session.Enter(softReset: false, CancellationToken.None);

        var e = Catalogued.Throws("MicroPythonCodeFailed", () => session.Execute("1/0", CancellationToken.None));

        Assert.Equal("MicroPythonCodeFailed", e.ErrorId);
        Assert.Equal("COM13", e.Target);
        Assert.EndsWith(":\n  File \"<stdin>\", line 1, in <module>\nZeroDivisionError: divide by zero", e.Message.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain("before", e.Message, StringComparison.Ordinal);
        Assert.Equal("fine\r\n", session.Execute("print('fine')", CancellationToken.None));
    }

    [Fact]
    public void Soft_resets_only_when_asked()
    {
        var link = new VirtualSerialLink("COM14");
        using var board = new VirtualReplBoard(link).Start();
        using var session = new RawReplSession(link.Host, Patient);

        session.Enter(softReset: true, CancellationToken.None);
        session.Execute("print(uname)", CancellationToken.None);

        Assert.Equal(1, board.SoftResets);
    }

    [Fact]
    public void Code_with_Ctrl_D_is_refused_before_anything_is_sent()
    {
        var link = new VirtualSerialLink("COM15");
        using var board = new VirtualReplBoard(link).Start();
        using var session = new RawReplSession(link.Host, Patient);
        session.Enter(softReset: false, CancellationToken.None);

        Assert.Throws<ArgumentException>(() => session.Execute("print(1)\x04", CancellationToken.None));
        Assert.Empty(board.Executed);
    }

    [Fact]
    public void Cancellation_stops_a_wait()
    {
        var link = new VirtualSerialLink("COM16");
        using var board = new VirtualReplBoard(link) { Mode = VirtualReplBoardMode.Silent }.Start();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DeviceVersionReader.Read(link.Host, Patient, null, cancel.Token));
    }

    private static void SpinUntil(Func<bool> condition)
    {
        // The board handles Ctrl-B on its own thread after the client returned; wait for that, bounded.
        SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10));
    }
}
