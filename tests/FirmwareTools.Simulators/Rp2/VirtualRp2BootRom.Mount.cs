using System.Text;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The BOOTSEL drive at file level (docs/protocols/rp2-uf2-picoboot.md §5.4): a folder standing for the mounted volume, holding INFO_UF2.TXT and
/// INDEX.HTM. A file the host writes there is fed to the drive's sector processing in 512-byte chunks once its size has
/// stopped changing and it is closed; like the real drive, nothing written is kept. The folder goes away when the board
/// reboots (the volume is unmounted as the device leaves the bus).
/// </summary>
public sealed partial class VirtualRp2BootRom
{
    private static readonly TimeSpan MountPollInterval = TimeSpan.FromMilliseconds(20);

    private string? mountPoint;
    private Thread? mountThread;

    /// <summary>The folder the drive is "mounted" on; null until <see cref="MountDrive"/>.</summary>
    public string? MountPoint => mountPoint;

    /// <summary>Files taken from the mount folder and processed, by name.</summary>
    public List<string> CopiedFiles { get; } = [];

    /// <summary>Creates <paramref name="directory"/> as the mounted volume and starts watching it for copied files.</summary>
    public void MountDrive(string directory)
    {
        Directory.CreateDirectory(directory);
        Rp2BootselVolume volume = Volume;
        File.WriteAllText(Path.Combine(directory, "INFO_UF2.TXT"), volume.InfoUf2, Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, "INDEX.HTM"), volume.IndexHtm, Encoding.ASCII);
        mountPoint = directory;
        mountThread = new Thread(WatchMount) { IsBackground = true, Name = "Virtual BOOTSEL drive " + directory };
        mountThread.Start();
    }

    private void WatchMount()
    {
        try
        {
            WatchUntilReboot();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // The folder was removed under the drive (a test cleaning up): the volume is gone.
            return;
        }

        Rebooted.ContinueWith(_ => Unmount(), TaskScheduler.Default);
    }

    private void WatchUntilReboot()
    {
        var sizes = new Dictionary<string, long>();
        while (IsConnected && !RebootScheduled)
        {
            foreach (string file in Directory.GetFiles(mountPoint!))
            {
                string name = Path.GetFileName(file);
                if (name is "INFO_UF2.TXT" or "INDEX.HTM")
                {
                    continue;
                }

                long size = new FileInfo(file).Length;
                if (sizes.TryGetValue(file, out long last) && last == size && TryTake(file, out byte[]? content))
                {
                    CopiedFiles.Add(name);
                    sizes.Remove(file);
                    try
                    {
                        CopyToDrive(content!);
                    }
                    catch (IOException)
                    {
                        // Medium not present (exclusive access with eject): the copy is lost, as on the real drive.
                    }
                }
                else
                {
                    sizes[file] = size;
                }
            }

            Thread.Sleep(MountPollInterval);
        }
    }

    /// <summary>Reads and removes a file the writer has closed (an exclusive open fails while it is still open on Windows; on Linux the size check covers it).</summary>
    private static bool TryTake(string file, out byte[]? content)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
            content = new byte[stream.Length];
            stream.ReadExactly(content);
        }
        catch (IOException)
        {
            content = null;
            return false;
        }

        File.Delete(file);
        return true;
    }

    private void Unmount()
    {
        try
        {
            Directory.Delete(mountPoint!, recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }
}
