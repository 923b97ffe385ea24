using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Finds another program holding a Linux serial port before we open it, so that the error names it instead of the
    /// flash failing later with "no reply to SYNC" (two programs reading one UART each get half the bytes). Two kinds of
    /// evidence, as Linux programs leave them:
    /// <list type="bullet">
    /// <item>a UUCP lock file <c>LCK..ttyUSB0</c> in /var/lock or /run/lock (minicom, picocom, cu, ModemManager's
    /// friends) holding the owner's PID as ASCII (HDB UUCP) or as a 4-byte binary int (old UUCP); a lock whose process is
    /// gone is stale and ignored;</item>
    /// <item>a process with the device open, found as fuser finds it: /proc/PID/fd links that point at the device
    /// (screen, an IDE's serial monitor, python -m serial.tools.miniterm). Another user's processes are visible to root
    /// only.</item>
    /// </list>
    /// The kernel's own exclusive mode (TIOCEXCL, which System.IO.Ports sets on every port it opens) refuses a second
    /// open with EBUSY, but not for root; this detector then names the program behind an EBUSY as well.
    /// Pseudo-terminals (/dev/pts/N) are left alone: the program that made one (socat, an emulator) holds it by design.
    /// </summary>
    public sealed class PortLockDetector
    {
        /// <summary>Where the real system keeps lock files and process information.</summary>
        public static PortLockDetector Machine { get; } = new PortLockDetector(new[] { "/run/lock", "/var/lock" }, "/proc", global::System.Diagnostics.Process.GetCurrentProcess().Id);

        /// <param name="lockDirectories">Directories searched for LCK..NAME files.</param>
        /// <param name="procRoot">The directory standing for /proc.</param>
        /// <param name="ownProcessId">This process, never reported as a holder.</param>
        public PortLockDetector(string[] lockDirectories, string procRoot, int ownProcessId)
        {
            LockDirectories = lockDirectories ?? throw new ArgumentNullException(nameof(lockDirectories));
            ProcRoot = procRoot ?? throw new ArgumentNullException(nameof(procRoot));
            OwnProcessId = ownProcessId;
        }

        public string[] LockDirectories { get; }

        public string ProcRoot { get; }

        public int OwnProcessId { get; }

        /// <summary>The program holding <paramref name="device"/> (/dev/ttyUSB0, or a link to it), or null when none is found.</summary>
        public PortHolder? FindHolder(string device)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            string target = FileLinks.Resolve(device);
            if (target.StartsWith("/dev/pts/", StringComparison.Ordinal))
            {
                return null;
            }

            return FromLockFile(Path.GetFileName(target)) ?? FromOpenFiles(target);
        }

        private PortHolder? FromLockFile(string deviceName)
        {
            foreach (string directory in LockDirectories)
            {
                string path = Path.Combine(directory, "LCK.." + deviceName);
                int? pid = ReadLockPid(path);
                if (pid is int owner && owner != OwnProcessId && Directory.Exists(Path.Combine(ProcRoot, owner.ToString(CultureInfo.InvariantCulture))))
                {
                    return new PortHolder(owner, ProgramName(owner), "lock file " + path);
                }
            }

            return null;
        }

        private PortHolder? FromOpenFiles(string device)
        {
            string[] processes;
            try
            {
                processes = Directory.GetDirectories(ProcRoot);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }

            foreach (string process in processes)
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == OwnProcessId)
                {
                    continue;
                }

                string[] descriptors;
                try
                {
                    descriptors = Directory.GetFileSystemEntries(Path.Combine(process, "fd"));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Another user's process (not root), or one that ended while we looked.
                    continue;
                }

                if (descriptors.Any(fd => string.Equals(FileLinks.Target(fd), device, StringComparison.Ordinal)))
                {
                    return new PortHolder(pid, ProgramName(pid), "it has the port open");
                }
            }

            return null;
        }

        private static int? ReadLockPid(string path)
        {
            byte[] content;
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                content = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }

            string text = global::System.Text.Encoding.ASCII.GetString(content).Trim();
            if (int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out int ascii) && ascii > 0)
            {
                return ascii;
            }

            // Old UUCP: the PID as a native 4-byte int.
            return content.Length == 4 && BitConverter.ToInt32(content, 0) is int binary && binary > 0 ? binary : (int?)null;
        }

        private string? ProgramName(int pid)
        {
            try
            {
                string comm = Path.Combine(ProcRoot, pid.ToString(CultureInfo.InvariantCulture), "comm");
                string? name = File.Exists(comm) ? File.ReadAllText(comm).Trim() : null;
                return string.IsNullOrEmpty(name) ? null : name;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
