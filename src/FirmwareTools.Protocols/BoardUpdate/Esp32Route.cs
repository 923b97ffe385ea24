using FirmwareTools.Protocols.Inspection;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// What the ESP32 family's routes share (docs/protocols/board-update.md §3.3-§3.5): micropython.org's <c>.bin</c>, refused
    /// before the board is touched when it is not an ESP32-family image; they differ only in how the board gets into its ROM
    /// loader and back.
    /// </summary>
    public abstract class Esp32Route : BoardRoute
    {
        protected Esp32Route(BoardUpdateWorld world)
            : base(world)
        {
        }

        public override string FirmwareExtension => "bin";

        public override void CheckFirmware(string path) => FirmwareFamily.RequireEsp32(path);
    }
}
