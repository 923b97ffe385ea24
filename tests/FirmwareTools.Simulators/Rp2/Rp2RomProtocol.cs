namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The virtual boot ROM's own copy of the protocol numbers, written from docs/protocols/rp2-uf2-picoboot.md (pico-sdk picoboot.h,
/// picoboot_constants.h, boot/uf2.h). Deliberately not the product's constants: a wrong number there must make the
/// tests fail, not be mirrored here.
/// </summary>
public static class Rp2RomProtocol
{
    public const uint CommandMagic = 0x431FD10B;
    public const int CommandPacketSize = 32;

    public const byte CmdExclusiveAccess = 0x01;
    public const byte CmdReboot = 0x02;
    public const byte CmdFlashErase = 0x03;
    public const byte CmdRead = 0x84;
    public const byte CmdWrite = 0x05;
    public const byte CmdExitXip = 0x06;
    public const byte CmdEnterCmdXip = 0x07;
    public const byte CmdExec = 0x08;
    public const byte CmdVectorizeFlash = 0x09;
    public const byte CmdReboot2 = 0x0A;
    public const byte CmdGetInfo = 0x8B;
    public const byte CmdOtpRead = 0x8C;
    public const byte CmdOtpWrite = 0x0D;

    public const uint StatusOk = 0;
    public const uint StatusUnknownCmd = 1;
    public const uint StatusInvalidCmdLength = 2;
    public const uint StatusInvalidTransferLength = 3;
    public const uint StatusInvalidAddress = 4;
    public const uint StatusBadAlignment = 5;
    public const uint StatusInterleavedWrite = 6;
    public const uint StatusRebooting = 7;
    public const uint StatusUnknownError = 8;
    public const uint StatusInvalidState = 9;
    public const uint StatusNotPermitted = 10;
    public const uint StatusInvalidArg = 11;
    public const uint StatusPreconditionNotMet = 13;

    /// <summary>IF_RESET: vendor, interface, OUT.</summary>
    public const byte InterfaceResetType = 0x41;
    public const byte InterfaceResetRequest = 0x41;

    /// <summary>IF_CMD_STATUS: vendor, interface, IN, 16 bytes.</summary>
    public const byte CommandStatusType = 0xC1;
    public const byte CommandStatusRequest = 0x42;

    public const byte PicobootOutEndpoint = 0x03;
    public const byte PicobootInEndpoint = 0x84;
    public const byte PicobootInterfaceNumber = 1;

    public const uint FlashStart = 0x10000000;
    public const int SectorSize = 4096;
    public const int PageSize = 256;

    // UF2 (microsoft/uf2 README, pico-sdk boot/uf2.h).
    public const uint Uf2MagicStart0 = 0x0A324655;
    public const uint Uf2MagicStart1 = 0x9E5D5157;
    public const uint Uf2MagicEnd = 0x0AB16F30;
    public const uint Uf2FlagNotMainFlash = 0x00000001;
    public const uint Uf2FlagFamilyIdPresent = 0x00002000;
    public const uint FamilyRp2040 = 0xE48BFF56;
    public const uint FamilyAbsolute = 0xE48BFF57;
    public const uint FamilyRp2350ArmS = 0xE48BFF59;
    public const uint FamilyRp2350RiscV = 0xE48BFF5A;

    // RP2350 UF2 status bits (GET_INFO type 4).
    public const uint Uf2StatusIgnoredFamily = 0x01;
    public const uint Uf2StatusExclusivelyLocked = 0x10;
    public const uint Uf2StatusBadAddress = 0x20;

    // REBOOT2 flags.
    public const uint Reboot2TypeMask = 0x0F;
    public const uint Reboot2TypeNormal = 0x0;
    public const uint Reboot2TypeBootsel = 0x2;
    public const uint Reboot2TypeFlashUpdate = 0x4;
    public const uint Reboot2ToArm = 0x10;
    public const uint Reboot2ToRiscV = 0x20;

    /// <summary>bCmdSize each command must carry (the command table).</summary>
    public static int? ArgumentSize(byte id) => id switch
    {
        CmdExclusiveAccess => 1,
        CmdReboot => 12,
        CmdFlashErase => 8,
        CmdRead => 8,
        CmdWrite => 8,
        CmdExitXip => 0,
        CmdEnterCmdXip => 0,
        CmdExec => 4,
        CmdVectorizeFlash => 4,
        CmdReboot2 => 16,
        CmdGetInfo => 16,
        CmdOtpRead => 5,
        CmdOtpWrite => 5,
        _ => null,
    };
}
