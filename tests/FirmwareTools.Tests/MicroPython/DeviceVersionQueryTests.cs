using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.Tests.MicroPython;

/// <summary>Get-DeviceVersion's operation: many ports, in parallel, each failure its own result, input order kept.</summary>
public class DeviceVersionQueryTests
{
    [Fact]
    public void Queries_many_ports_in_parallel_and_returns_them_in_input_order_with_one_error_per_failing_port()
    {
        var boards = new Dictionary<string, (VirtualSerialLink Link, VirtualReplBoard Board)>();
        void Add(string name, Func<VirtualSerialLink, VirtualReplBoard> make)
        {
            var link = new VirtualSerialLink(name);
            boards[name] = (link, make(link));
        }

        Add("A", l => new VirtualReplBoard(l));
        Add("B", l => new VirtualReplBoard(l) { Mode = VirtualReplBoardMode.Silent });
        Add("C", l => new VirtualReplBoard(l) { Uname = "(sysname='esp32', nodename='esp32', release='1.24.1', version='v1.24.1 on 2024-11-29', machine='Generic ESP32 module with ESP32')" });
        Add("D", l => new VirtualReplBoard(l) { Mode = VirtualReplBoardMode.Esp32Bootloader });
        Add("E", l => new VirtualReplBoard(l) { Uname = "(sysname='rp2', nodename='rp2', release='1.23.0', version='v1.23.0 on 2024-06-02', machine='Raspberry Pi Pico with RP2040')" });
        try
        {
            foreach (var (_, board) in boards.Values)
            {
                board.Start();
            }

            var opened = new List<string>();
            var query = new DeviceVersionQuery((name, settings, cancel) =>
            {
                lock (opened)
                {
                    opened.Add($"{name}@{settings.BaudRate}");
                }

                return name == "F" ? throw SerialErrors.PortNotFound(name, "no such file", []) : boards[name].Link.Host;
            })
            {
                ThrottleLimit = 3,
                BaudRate = 57600,
                ReplOptions = new RawReplOptions { Timeout = TimeSpan.FromMilliseconds(800) },
            };

            IReadOnlyList<DeviceVersionQueryResult> results = query.Run(["A", "B", "C", "D", "E", "F"], null, null, CancellationToken.None);

            Assert.Equal(["A", "B", "C", "D", "E", "F"], results.Select(r => r.Port));
            Assert.Equal("PYBv1.1", results[0].Version!.Board);
            Assert.Equal("ReplNoAnswer", results[1].Error!.ErrorId);
            Assert.Equal("Generic ESP32 module", results[2].Version!.Board);
            Assert.Equal("ReplBoardInBootloader", results[3].Error!.ErrorId);
            Assert.Equal("RP2040", results[4].Version!.Mcu);
            Catalogued.Is("SerialPortNotFound", results[5].Error);
            Assert.All(results, r => Assert.True(r.Version is null ^ r.Error is null));
            Assert.Equal(6, opened.Count);
            Assert.All(opened, o => Assert.EndsWith("@57600", o));

            // Every port is closed again, the answering boards left in their friendly REPL.
            Assert.All(boards.Values, b => Assert.True(b.Link.Device.HostClosed));
        }
        finally
        {
            foreach (var (_, board) in boards.Values)
            {
                board.Dispose();
            }
        }
    }

    [Fact]
    public void A_port_that_does_not_exist_is_its_own_error_naming_it()
    {
        var query = new DeviceVersionQuery();

        DeviceVersionQueryResult result = Assert.Single(query.Run(["/dev/ttyFirmwareToolsNoSuchPort"], null, null, CancellationToken.None));

        var e = Catalogued.Is("SerialPortNotFound", result.Error);
        Assert.Equal("/dev/ttyFirmwareToolsNoSuchPort", e.Target);
        Assert.Contains("/dev/ttyFirmwareToolsNoSuchPort", e.Message);
    }

    /// <remarks>
    /// A real second open of a pty cannot be refused here: System.IO.Ports sets TIOCEXCL, which the kernel does not
    /// enforce against root, and the tests run as root. So the holder is the opener's answer, as OsSerialPort maps
    /// EBUSY; what is tested is that the busy port is one error and the next port is still read.
    /// </remarks>
    [Fact]
    public void A_port_another_program_holds_open_is_reported_busy_and_the_next_port_still_answers()
    {
        var link = new VirtualSerialLink("COM2");
        using var board = new VirtualReplBoard(link).Start();
        var query = new DeviceVersionQuery((name, settings, cancel) =>
            name == "COM1" ? throw new SerialPortBusyException(name, "Device or resource busy") : link.Host);

        IReadOnlyList<DeviceVersionQueryResult> results = query.Run(["COM1", "COM2"], null, null, CancellationToken.None);

        var e = Assert.IsType<SerialPortBusyException>(results[0].Error);
        Assert.Equal("COM1", e.Target);
        Assert.Equal("PYBv1.1", results[1].Version!.Board);
    }

    [Fact]
    public void Reports_progress_per_port_and_a_final_record()
    {
        var link = new VirtualSerialLink("P");
        using var board = new VirtualReplBoard(link).Start();
        var reports = new List<FirmwareTools.Protocols.OperationProgress>();
        var query = new DeviceVersionQuery((name, settings, cancel) => link.Host);

        query.Run(["P"], null, new SyncProgress(reports), CancellationToken.None);

        Assert.Equal([0L, 1L], reports.Select(r => r.Completed));
        Assert.True(reports[^1].IsFinal);
        Assert.Equal("P", reports[^1].Target);
    }

    private sealed class SyncProgress(List<FirmwareTools.Protocols.OperationProgress> into) : IProgress<FirmwareTools.Protocols.OperationProgress>
    {
        public void Report(FirmwareTools.Protocols.OperationProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }

    /// <summary>
    /// The bug board-update §3.0 names (docs/protocols/board-update.md §3.0): a native USB CDC board sends nothing until
    /// the host raises DTR. The port is asked for DTR and RTS raised, DTR first; on close RTS drops before DTR, so a
    /// bridge's auto-reset circuit only ever sees both off, DTR alone or both on, never RTS alone (a reset).
    /// </summary>
    [Fact]
    public void Raises_dtr_then_rts_on_open_and_clears_rts_before_dtr_on_close()
    {
        var link = new VirtualSerialLink("ACM0");
        var lines = new List<(bool Dtr, bool Rts)>();
        link.Device.ModemLinesChanged += (dtr, rts) =>
        {
            lock (lines)
            {
                lines.Add((dtr, rts));
            }
        };
        using var board = new VirtualReplBoard(link).Start();
        SerialPortSettings? asked = null;
        var query = new DeviceVersionQuery((name, settings, cancel) =>
        {
            asked = settings;
            link.Host.SetModemLines(settings.Dtr ?? false, settings.Rts ?? false); // as SerialPorts.Open applies them
            return link.Host;
        });

        DeviceVersionQueryResult result = Assert.Single(query.Run(["ACM0"], null, null, CancellationToken.None));

        Assert.Null(result.Error);
        Assert.Equal((true, true), (asked!.Dtr, asked.Rts));
        Assert.Equal([(true, true), (true, false), (false, false)], lines);
        Assert.DoesNotContain((false, true), lines);
    }
}
