namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>The catalog entries of an ESP32 install: planning the regions asked for (before the board is touched), and the board that answers.</summary>
    public static class Esp32BoardErrors
    {
        public static readonly ErrorDefinition RegionsInvalidId = new("Esp32RegionsInvalid", FirmwareErrorKind.InvalidArgument);

        /// <summary>The regions cannot be written as asked: they overlap, are misaligned, or do not fit the flash.</summary>
        public static FirmwareError RegionsInvalid(string target, string reason, string recommendedAction) =>
            new(RegionsInvalidId, $"Nothing was written: {reason}.", target, recommendedAction, null);

        public static readonly ErrorDefinition AnotherChipId = new("Esp32AnotherChip", FirmwareErrorKind.InvalidData);

        /// <summary>The ROM loader answered with another chip than the one the update read over the REPL: nothing was erased.</summary>
        public static FirmwareError AnotherChip(string port, string found, string expected) =>
            new(AnotherChipId,
                $"{port}: the ROM loader answered with the chip whose MAC is {found}, but the board read over its REPL has {Colons(expected)}; nothing was erased or written.",
                port,
                "The port now leads to another board (boards swapped, or a hub re-enumerated): check the cabling and run Update-Firmware again.");

        /// <summary>A MAC as 12 lower-case hex digits, without colons.</summary>
        public static string Normalize(string mac) => (mac ?? string.Empty).Replace(":", string.Empty).Replace("-", string.Empty).Trim().ToLowerInvariant();

        private static string Colons(string mac)
        {
            string hex = Normalize(mac);
            if (hex.Length != 12)
            {
                return mac;
            }

            var parts = new string[6];
            for (int i = 0; i < 6; i++)
            {
                parts[i] = hex.Substring(2 * i, 2);
            }

            return string.Join(":", parts);
        }
    }
}
