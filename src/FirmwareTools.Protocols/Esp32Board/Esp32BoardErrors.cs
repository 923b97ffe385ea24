namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>The catalog entries of planning an ESP32 install (the regions asked for), before the board is touched.</summary>
    public static class Esp32BoardErrors
    {
        public static readonly ErrorDefinition RegionsInvalidId = new("Esp32RegionsInvalid", FirmwareErrorKind.InvalidArgument);

        /// <summary>The regions cannot be written as asked: they overlap, are misaligned, or do not fit the flash.</summary>
        public static FirmwareError RegionsInvalid(string target, string reason, string recommendedAction) =>
            new(RegionsInvalidId, $"Nothing was written: {reason}.", target, recommendedAction, null);
    }
}
