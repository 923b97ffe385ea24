using System.Globalization;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The names the PICOBOOT headers and picotool print for commands and status codes.</summary>
    public static class PicobootNames
    {
        private static readonly string[] StatusNames =
        {
            "OK", "UNKNOWN_CMD", "INVALID_CMD_LENGTH", "INVALID_TRANSFER_LENGTH", "INVALID_ADDRESS", "BAD_ALIGNMENT",
            "INTERLEAVED_WRITE", "REBOOTING", "UNKNOWN_ERROR", "INVALID_STATE", "NOT_PERMITTED", "INVALID_ARG",
            "BUFFER_TOO_SMALL", "PRECONDITION_NOT_MET", "MODIFIED_DATA", "INVALID_DATA", "NOT_FOUND", "UNSUPPORTED_MODIFICATION",
        };

        public static string Status(PicobootStatusCode code) =>
            (uint)code < StatusNames.Length ? StatusNames[(uint)code] : "status " + ((uint)code).ToString(CultureInfo.InvariantCulture);

        public static string Command(PicobootCommandId id)
        {
            switch (id)
            {
                case PicobootCommandId.ExclusiveAccess: return "EXCLUSIVE_ACCESS";
                case PicobootCommandId.Reboot: return "REBOOT";
                case PicobootCommandId.FlashErase: return "FLASH_ERASE";
                case PicobootCommandId.Read: return "READ";
                case PicobootCommandId.Write: return "WRITE";
                case PicobootCommandId.ExitXip: return "EXIT_XIP";
                case PicobootCommandId.EnterCmdXip: return "ENTER_CMD_XIP";
                case PicobootCommandId.Exec: return "EXEC";
                case PicobootCommandId.VectorizeFlash: return "VECTORIZE_FLASH";
                case PicobootCommandId.Reboot2: return "REBOOT2";
                case PicobootCommandId.GetInfo: return "GET_INFO";
                case PicobootCommandId.OtpRead: return "OTP_READ";
                case PicobootCommandId.OtpWrite: return "OTP_WRITE";
                default: return "command 0x" + ((byte)id).ToString("X2", CultureInfo.InvariantCulture);
            }
        }
    }
}
