using System.Globalization;

namespace FirmwareTools.Protocols
{
    /// <summary>Human-readable byte counts (binary units), culture-invariant so logs read the same everywhere.</summary>
    public static class ByteSize
    {
        public static string Format(long bytes)
        {
            if (bytes < 1024)
            {
                return bytes.ToString(CultureInfo.InvariantCulture) + " B";
            }

            if (bytes < 1024 * 1024)
            {
                return (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
            }

            return (bytes / (1024.0 * 1024.0)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB";
        }
    }
}
