using System.Diagnostics;
using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// A port held by another program is named before it is opened (issue 16, item 9). These tests run as root, for whom
/// the kernel does not enforce TIOCEXCL, and on a machine without serial hardware: so the lock-file and /proc evidence
/// is proven on a lock folder and /proc trees of the tests' own (the detector's seam), on the real /proc with real
/// processes (a lock file naming a running `sleep`, and `sleep` holding a file open as screen holds a tty), and the
/// error path through <see cref="SerialPortSettings.LockDetector"/>. What is not proven here: EBUSY from a real tty
/// whose holder set TIOCEXCL, seen as a user other than root.
/// </summary>
public sealed class PortLockDetectorTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ft-lock-").FullName;
    private readonly List<Process> started = [];

    private string Locks => Path.Combine(root, "lock");

    private string Proc => Path.Combine(root, "proc");

    public void Dispose()
    {
        foreach (Process process in started)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }

        Directory.Delete(root, recursive: true);
    }

    private PortLockDetector Fake(int ownPid = 1) => new([Locks], Proc, ownPid);

    private void FakeProcess(int pid, string comm)
    {
        Directory.CreateDirectory(Path.Combine(Proc, pid.ToString(), "fd"));
        File.WriteAllText(Path.Combine(Proc, pid.ToString(), "comm"), comm + "\n");
    }

    private void LockFile(string device, byte[] content)
    {
        Directory.CreateDirectory(Locks);
        File.WriteAllBytes(Path.Combine(Locks, "LCK.." + device), content);
    }

    [Fact]
    public void An_hdb_uucp_lock_file_names_the_program_from_proc()
    {
        FakeProcess(4242, "minicom");
        LockFile("ttyUSB0", "      4242\n"u8.ToArray());

        PortHolder holder = Assert.IsType<PortHolder>(Fake().FindHolder("/dev/ttyUSB0"));

        Assert.Equal(4242, holder.ProcessId);
        Assert.Equal("minicom", holder.Program);
        Assert.Equal("lock file " + Path.Combine(Locks, "LCK..ttyUSB0"), holder.Evidence);
        Assert.Equal("minicom (PID 4242)", holder.ToString());
    }

    [Fact]
    public void An_old_binary_lock_file_is_read_too_and_a_stale_one_is_ignored()
    {
        FakeProcess(77, "cu");
        LockFile("ttyS0", BitConverter.GetBytes(77));
        LockFile("ttyUSB1", "999999\n"u8.ToArray());   // no such process: stale

        Assert.Equal(77, Fake().FindHolder("/dev/ttyS0")!.ProcessId);
        Assert.Null(Fake().FindHolder("/dev/ttyUSB1"));
    }

    [Fact]
    public void A_process_with_the_device_open_is_found_as_fuser_finds_it_and_this_process_is_not()
    {
        FakeProcess(300, "screen");
        FakeProcess(400, "pwsh");
        File.CreateSymbolicLink(Path.Combine(Proc, "300", "fd", "5"), "/dev/ttyACM0");
        File.CreateSymbolicLink(Path.Combine(Proc, "400", "fd", "7"), "/dev/ttyACM1");

        PortHolder holder = Assert.IsType<PortHolder>(Fake().FindHolder("/dev/ttyACM0"));
        Assert.Equal("screen (PID 300)", holder.ToString());
        Assert.Equal("it has the port open", holder.Evidence);
        Assert.Null(Fake(ownPid: 400).FindHolder("/dev/ttyACM1"));
    }

    [Fact]
    public void A_pseudo_terminal_is_left_alone()
    {
        FakeProcess(500, "socat");
        File.CreateSymbolicLink(Path.Combine(Proc, "500", "fd", "3"), "/dev/pts/7");

        Assert.Null(Fake().FindHolder("/dev/pts/7"));
    }

    [Fact]
    public void On_the_real_proc_a_lock_file_naming_a_running_process_gives_its_name()
    {
        Process sleeper = Start("sleep", "60");
        LockFile("ttyUSB9", System.Text.Encoding.ASCII.GetBytes($"{sleeper.Id,10}\n"));

        PortHolder holder = Assert.IsType<PortHolder>(new PortLockDetector([Locks], "/proc", Environment.ProcessId).FindHolder("/dev/ttyUSB9"));

        Assert.Equal(sleeper.Id, holder.ProcessId);
        Assert.Equal("sleep", holder.Program);
    }

    [Fact]
    public void On_the_real_proc_a_process_holding_the_file_open_is_found()
    {
        // This test process holds a file open, as screen holds a tty; the detector is told it is someone else (-1).
        string device = Path.Combine(root, "ttyFAKE0");
        using var held = new FileStream(device, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite);

        PortHolder holder = Assert.IsType<PortHolder>(new PortLockDetector([Locks], "/proc", ownProcessId: -1).FindHolder(device));

        Assert.Equal(Environment.ProcessId, holder.ProcessId);
        Assert.Equal(File.ReadAllText($"/proc/{Environment.ProcessId}/comm").Trim(), holder.Program);
        Assert.Null(new PortLockDetector([Locks], "/proc", Environment.ProcessId).FindHolder(device));
    }

    [Fact]
    public void Opening_a_held_port_fails_naming_the_program_before_anything_is_opened()
    {
        FakeProcess(4242, "minicom");
        LockFile("ttyUSB0", "4242\n"u8.ToArray());

        // No /dev/ttyUSB0 exists here: had the port been opened, the error would be SerialPortNotFound.
        var e = Assert.Throws<SerialPortBusyException>(() => SerialPorts.Open("/dev/ttyUSB0", new SerialPortSettings { LockDetector = Fake() }));

        Assert.Equal("SerialPortBusy", e.ErrorId);
        Assert.Equal("The serial port /dev/ttyUSB0 is in use by minicom (PID 4242): lock file " + Path.Combine(Locks, "LCK..ttyUSB0") + ". Nothing was sent to the board.", e.Message);
        Assert.Contains("Close minicom (PID 4242)", e.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(4242, e.Holder!.ProcessId);
    }

    private Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        started.Add(process);
        return process;
    }
}
