using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.MicroPython;

/// <summary>
/// uname tuples as real boards print them (collected from published board stubs, tool tests and forum posts), and
/// what must be read from each.
/// </summary>
public class DeviceVersionParserTests
{
    [Theory]
    // pyboard, release and nightly builds.
    [InlineData("(sysname='pyboard', nodename='pyboard', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='PYBv1.1 with STM32F405RG')",
                "pyboard", "1.22.2", "v1.22.2", "2024-02-22", "PYBv1.1", "STM32F405RG", "v1.22.2")]
    [InlineData("(sysname='pyboard', nodename='pyboard', release='1.13.0', version='v1.13-95-g0fff2e03f on 2020-10-03', machine='PYBv1.1 with STM32F405RG')",
                "pyboard", "1.13.0", "v1.13-95-g0fff2e03f", "2020-10-03", "PYBv1.1", "STM32F405RG", "v1.13.0-95-g0fff2e03f")]
    [InlineData("(sysname='pyboard', nodename='pyboard', release='1.13.0', version='v1.13 on 2020-09-02', machine='PYBv1.1 with STM32F405RG')",
                "pyboard", "1.13.0", "v1.13", "2020-09-02", "PYBv1.1", "STM32F405RG", "v1.13.0")]
    // A preview build.
    [InlineData("(sysname='rp2', nodename='rp2', release='1.23.0-preview', version='v1.23.0-preview.123.gabcdef012 on 2024-03-15', machine='Raspberry Pi Pico W with RP2040')",
                "rp2", "1.23.0-preview", "v1.23.0-preview.123.gabcdef012", "2024-03-15", "Raspberry Pi Pico W", "RP2040", "v1.23.0-preview.123.gabcdef012")]
    // Text after the date (compiler), and a -dirty build.
    [InlineData("(sysname='rp2', nodename='rp2', release='1.19.1', version='v1.19.1-782-g699477d12 on 2022-12-20 (GNU 12.1.0 MinSizeRel)', machine='Raspberry Pi Pico W with RP2040')",
                "rp2", "1.19.1", "v1.19.1-782-g699477d12", "2022-12-20", "Raspberry Pi Pico W", "RP2040", "v1.19.1-782-g699477d12")]
    [InlineData("(sysname='esp8266', nodename='esp8266', release='1.5.4(baaeaebb)', version='v1.8.5-100-g10bde69-dirty on 2016-11-01', machine='ESP module with ESP8266')",
                "esp8266", "1.5.4(baaeaebb)", "v1.8.5-100-g10bde69-dirty", "2016-11-01", "ESP module", "ESP8266", "v1.8.5-100-g10bde69")]
    // ESP8266's release is the SDK version, not MicroPython's: the version field decides.
    [InlineData("(sysname='esp8266', nodename='esp8266', release='2.2.0-dev(9422289)', version='v1.11-8-g48dcbbe60 on 2019-05-29', machine='ESP module with ESP8266')",
                "esp8266", "2.2.0-dev(9422289)", "v1.11-8-g48dcbbe60", "2019-05-29", "ESP module", "ESP8266", "v1.11.0-8-g48dcbbe60")]
    [InlineData("(sysname='esp32', nodename='esp32', release='1.9.4', version='v1.9.4 on 2018-05-11', machine='ESP32 module with ESP32')",
                "esp32", "1.9.4", "v1.9.4", "2018-05-11", "ESP32 module", "ESP32", "v1.9.4")]
    [InlineData("(sysname='esp32', nodename='esp32', release='1.24.1', version='v1.24.1 on 2024-11-29', machine='Generic ESP32S3 module with ESP32S3')",
                "esp32", "1.24.1", "v1.24.1", "2024-11-29", "Generic ESP32S3 module", "ESP32S3", "v1.24.1")]
    // micro:bit: its own version first, in double quotes because it holds single quotes; MicroPython's after it.
    [InlineData("(sysname='microbit', nodename='microbit', release='1.0', version=\"micro:bit v1.0-b'e10a5ff' on 2018-6-8; MicroPython v1.9.2-34-gd64154c73 on 2017-09-01\", machine='micro:bit with nRF51822')",
                "microbit", "1.0", "v1.9.2-34-gd64154c73", "2017-09-01", "micro:bit", "nRF51822", "v1.9.2-34-gd64154c73")]
    [InlineData("(sysname='microbit', nodename='microbit', release='2.1.2', version='micro:bit v2.1.2+0697c6d on 2023-10-30; MicroPython v1.18 on 2023-10-30', machine='micro:bit with nRF52833')",
                "microbit", "2.1.2", "v1.18", "2023-10-30", "micro:bit", "nRF52833", "v1.18.0")]
    public void Reads_real_uname_tuples(string tuple, string sysName, string release, string describe, string date, string board, string mcu, string micropython)
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("COM7", tuple);

        Assert.Equal("COM7", v.Port);
        Assert.Equal(sysName, v.SysName);
        Assert.Equal(sysName, v.NodeName);
        Assert.Equal(release, v.Release);
        Assert.Equal(describe, v.GitDescribe);
        Assert.Equal(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), v.BuildDate);
        Assert.Equal(board, v.Board);
        Assert.Equal(mcu, v.Mcu);
        Assert.Equal(board + " with " + mcu, v.Machine);
        Assert.Equal(micropython, v.MicroPythonVersion?.ToString());
        Assert.False(v.IsPycom);
        Assert.Empty(v.ExtraFields);
    }

    [Theory]
    [InlineData("(sysname='FiPy', nodename='FiPy', release='1.20.2.r6', version='v1.11-c5a0a97 on 2021-10-28', machine='FiPy with ESP32', lorawan='1.0.2', sigfox='1.0.1', pybytes='1.7.1')",
                "FiPy", "1.20.2.r6", "v1.11-c5a0a97", "1.7.1", 3)]
    [InlineData("(sysname='GPy', nodename='GPy', release='1.20.2.rc6', version='v1.11-01f49f7 on 2020-02-28', machine='GPy with ESP32', pybytes='1.3.1')",
                "GPy", "1.20.2.rc6", "v1.11-01f49f7", "1.3.1", 1)]
    [InlineData("(sysname='LoPy4', nodename='LoPy4', release='1.20.2.rc7', version='v1.11-6d01270 on 2020-05-04', machine='LoPy4 with ESP32', lorawan='1.0.2', sigfox='1.0.1', pybytes='1.4.0')",
                "LoPy4", "1.20.2.rc7", "v1.11-6d01270", "1.4.0", 3)]
    // Older Pycom firmware: no pybytes field; recognised by board name and MCU.
    [InlineData("(sysname='WiPy', nodename='WiPy', release='1.8.0.b1', version='v1.8.6-849-83e2f7f on 2017-08-11', machine='WiPy with ESP32')",
                "WiPy", "1.8.0.b1", "v1.8.6-849-83e2f7f", null, 0)]
    public void Reads_Pycom_tuples_with_their_own_version_and_extra_fields(string tuple, string board, string release, string describe, string? pybytes, int extraCount)
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("/dev/ttyACM0", tuple);

        Assert.True(v.IsPycom);
        Assert.Equal(board, v.Board);
        Assert.Equal("ESP32", v.Mcu);
        Assert.Equal(release, v.Release);
        Assert.Equal(PycomVersion.Parse(release), v.PycomVersion);
        Assert.Equal(describe, v.GitDescribe);
        Assert.Equal(pybytes, v.Pybytes);
        Assert.Equal(extraCount, v.ExtraFields.Count);

        // The MicroPython base of a Pycom build (v1.11-c5a0a97) is the release it forked from.
        Assert.NotNull(v.MicroPythonVersion);
        Assert.Equal(FirmwareBuildKind.Release, v.MicroPythonVersion!.Kind);
    }

    [Fact]
    public void The_original_CC3200_WiPy_is_not_Pycom_firmware()
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("COM3", "(sysname='WiPy', nodename='WiPy', release='1.2.0', version='v1.8.7 on 2017-01-08', machine='WiPy with CC3200')");

        Assert.False(v.IsPycom);
        Assert.Null(v.PycomVersion);
        Assert.Equal(FirmwareVersion.Parse("v1.8.7"), v.MicroPythonVersion);
    }

    [Fact]
    public void Preview_builds_sort_below_their_release_so_a_script_can_find_old_boards()
    {
        DeviceVersion preview = DeviceVersionParser.ParseUname("a", "(sysname='rp2', nodename='rp2', release='1.23.0-preview', version='v1.23.0-preview.123.gabcdef0 on 2024-03-15', machine='Raspberry Pi Pico with RP2040')");
        DeviceVersion release = DeviceVersionParser.ParseUname("b", "(sysname='rp2', nodename='rp2', release='1.23.0', version='v1.23.0 on 2024-06-02', machine='Raspberry Pi Pico with RP2040')");
        DeviceVersion older = DeviceVersionParser.ParseUname("c", "(sysname='rp2', nodename='rp2', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='Raspberry Pi Pico with RP2040')");

        Assert.True(preview.MicroPythonVersion! < release.MicroPythonVersion!);
        Assert.True(older.MicroPythonVersion! < preview.MicroPythonVersion!);
        Assert.True(release.MicroPythonVersion! < FirmwareVersion.Parse("v1.23.1"));
        Assert.Equal(FirmwareVersion.Parse("v1.23.0"), release.MicroPythonVersion);
    }

    [Theory]
    // Escapes inside quotes, a comma and a parenthesis in a value, an unknown field, a CPython type prefix.
    [InlineData("(sysname='my\\'board', nodename='n,1', release='1.22.0', version='v1.22.0 on 2023-12-27', machine='Custom (rev B) with STM32F722', custom=(1, 2))", "my'board", "n,1", "Custom (rev B)", "STM32F722")]
    [InlineData("posix.uname_result(sysname='Linux', nodename='lab', release='6.1.0', version='v1.22.0 on 2023-12-27', machine='x86_64')", "Linux", "lab", "x86_64", null)]
    [InlineData("('pyboard', 'pyboard', '1.4.0', 'v1.4.0 on 2015-04-18', 'PYBv1.0 with STM32F405RG')", "pyboard", "pyboard", "PYBv1.0", "STM32F405RG")]
    [InlineData("(sysname=\"pyboard\", nodename=\"\\x70yb\", release=\"1.22.0\", version=\"v1.22.0 on 2023-12-27\", machine=\"PYBD-SF6W with STM32F767IIK\",)", "pyboard", "pyb", "PYBD-SF6W", "STM32F767IIK")]
    public void Tolerates_quoting_escapes_positional_and_unknown_fields(string tuple, string sysName, string nodeName, string board, string? mcu)
    {
        DeviceVersion v = DeviceVersionParser.ParseUname("p", tuple);

        Assert.Equal(sysName, v.SysName);
        Assert.Equal(nodeName, v.NodeName);
        Assert.Equal(board, v.Board);
        Assert.Equal(mcu, v.Mcu);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Traceback (most recent call last):")]
    [InlineData("(sysname='pyboard', nodename='pyboard'")]
    [InlineData("(sysname='pyboard, release='1.22.2')")]
    [InlineData("(sysname='pyboard', nodename='pyboard')")]
    [InlineData("<uname object at 0x20003a40>")]
    [InlineData("garbage (sysname='x', release='1')")]
    public void Unparseable_uname_is_its_own_error_naming_the_port_and_the_text(string tuple)
    {
        var e = Catalogued.Throws("DeviceVersionUnparseable", () => DeviceVersionParser.ParseUname("/dev/ttyUSB3", tuple));

        Assert.Equal("DeviceVersionUnparseable", e.ErrorId);
        Assert.Equal("/dev/ttyUSB3", e.Target);
        Assert.Contains("/dev/ttyUSB3", e.Message);
        Assert.EndsWith($": \"{tuple.Trim()}\".", e.Message);
        Assert.NotNull(e.RecommendedAction);
    }

    [Fact]
    public void Script_output_with_os_uname_wins_over_sys_facts()
    {
        string output =
            "FTV-UNAME os (sysname='pyboard', nodename='pyboard', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='PYBv1.1 with STM32F405RG')\r\n" +
            "FTV-IMPL (name='micropython', version=(1, 22, 2, ''), _machine='PYBv1.1 with STM32F405RG', _mpy=7942)\r\n" +
            "FTV-VERSION '3.4.0; MicroPython v1.22.2 on 2024-02-22'\r\n" +
            "FTV-PLATFORM 'pyboard'\r\n";

        DeviceVersion v = DeviceVersionParser.ParseScriptOutput("COM4", output);

        Assert.Equal(DeviceVersionSource.OsUname, v.Source);
        Assert.Equal("PYBv1.1", v.Board);
        Assert.Equal(FirmwareVersion.Parse("v1.22.2"), v.MicroPythonVersion);
    }

    [Fact]
    public void Script_output_from_uos_is_marked_so()
    {
        string output = "FTV-UNAME uos (sysname='WiPy', nodename='WiPy', release='1.18.2.r7', version='v1.8.6-849-df9f237 on 2019-05-14', machine='WiPy with ESP32')\nFTV-IMPL (name='micropython', version=(1, 8, 6))\nFTV-VERSION '3.4.0'\nFTV-PLATFORM 'esp32'\n";

        DeviceVersion v = DeviceVersionParser.ParseScriptOutput("COM4", output);

        Assert.Equal(DeviceVersionSource.UosUname, v.Source);
        Assert.True(v.IsPycom);
        Assert.Equal(PycomVersion.Parse("1.18.2.r7"), v.PycomVersion);
    }

    [Fact]
    public void Without_uname_the_sys_facts_give_version_date_and_machine()
    {
        // What the webassembly port (the npm peer) prints: \n line ends, no uname.
        string output =
            "FTV-UNAME - None\n" +
            "FTV-IMPL (name='micropython', version=(1, 27, 0, ''), _machine='JS with Emscripten', _mpy=774, _build='pyscript')\n" +
            "FTV-VERSION '3.4.0; MicroPython v1.27.0 on 2025-12-10'\n" +
            "FTV-PLATFORM 'webassembly'\n";

        DeviceVersion v = DeviceVersionParser.ParseScriptOutput("socket://127.0.0.1:5555", output);

        Assert.Equal(DeviceVersionSource.Sys, v.Source);
        Assert.Equal("webassembly", v.SysName);
        Assert.Null(v.NodeName);
        Assert.Equal("1.27.0", v.Release);
        Assert.Equal("v1.27.0 on 2025-12-10", v.Version);
        Assert.Equal("v1.27.0", v.GitDescribe);
        Assert.Equal(new DateTime(2025, 12, 10), v.BuildDate);
        Assert.Equal("JS with Emscripten", v.Machine);
        Assert.Equal("JS", v.Board);
        Assert.Equal("Emscripten", v.Mcu);
        Assert.Equal(FirmwareVersion.Parse("v1.27.0"), v.MicroPythonVersion);
    }

    [Fact]
    public void Old_firmware_without_uname_and_MicroPython_in_sys_version_reads_the_implementation_tuple()
    {
        string output = "FTV-UNAME - None\nFTV-IMPL (name='micropython', version=(1, 23, 0, 'preview'))\nFTV-VERSION '3.4.0'\nFTV-PLATFORM 'linux'\n";

        DeviceVersion v = DeviceVersionParser.ParseScriptOutput("p", output);

        Assert.Equal(new FirmwareVersion(1, 23, 0, FirmwareBuildKind.Preview), v.MicroPythonVersion);
        Assert.True(v.MicroPythonVersion! < FirmwareVersion.Parse("v1.23.0"));
        Assert.Null(v.GitDescribe);
        Assert.Null(v.BuildDate);
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData("FTV-UNAME - None\nFTV-IMPL None\nFTV-VERSION '3.4.0'\nFTV-PLATFORM 'x'\n")]
    [InlineData("FTV-UNAME os <object>\n")]
    public void Output_without_usable_facts_is_the_unparseable_error(string output)
    {
        var e = Catalogued.Throws("DeviceVersionUnparseable", () => DeviceVersionParser.ParseScriptOutput("COM9", output));
        Assert.Equal("COM9", e.Target);
    }
}
