using System.Collections.Generic;
using System.Collections.ObjectModel;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The STM32F405 ROM bootloader's memory layouts (docs/protocols/dfu-dfuse.md §1.3) and the pyboard's use of its flash (§6.1), so a file
    /// can be judged without a device: which sectors flashing it would erase, and whether that reaches the filesystem.
    /// </summary>
    public static class Stm32F405FlashMap
    {
        public const string InternalFlashLayout = "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg";
        public const string OptionBytesLayout = "@Option Bytes  /0x1FFFC000/01*016 e";
        public const string OtpMemoryLayout = "@OTP Memory /0x1FFF7800/01*512 e,01*016 e";
        public const string DeviceFeatureLayout = "@Device Feature/0xFFFF0000/01*004 e";

        /// <summary>First byte of the pyboard's internal filesystem (sector 1).</summary>
        public const uint PyboardFilesystemStart = 0x08004000;

        /// <summary>Exclusive end of the pyboard's internal filesystem (sectors 1-4, 112 KiB).</summary>
        public const uint PyboardFilesystemEnd = 0x08020000;

        /// <summary>The ROM's four alternate settings and their layouts.</summary>
        public static IReadOnlyDictionary<byte, DfuSeMemoryLayout> Layouts { get; } = new ReadOnlyDictionary<byte, DfuSeMemoryLayout>(
            new Dictionary<byte, DfuSeMemoryLayout>
            {
                [0] = DfuSeMemoryLayout.Parse(InternalFlashLayout),
                [1] = DfuSeMemoryLayout.Parse(OptionBytesLayout),
                [2] = DfuSeMemoryLayout.Parse(OtpMemoryLayout),
                [3] = DfuSeMemoryLayout.Parse(DeviceFeatureLayout),
            });

        /// <summary>The plan flashing <paramref name="targets"/> onto an STM32F405 would follow; throws <see cref="DfuFlashPlanException"/> like <see cref="DfuSeFlashPlan.Create"/>.</summary>
        public static DfuSeFlashPlan CreatePlan(IReadOnlyList<DfuSeTarget> targets, bool fullErase = false, string? source = null) =>
            DfuSeFlashPlan.Create(targets, Layouts, fullErase, source);

        /// <summary>The sectors a sector-by-sector flash of <paramref name="targets"/> would erase on an STM32F405 (sorted, each once).</summary>
        public static IReadOnlyList<DfuSeEraseSector> SectorsToErase(IReadOnlyList<DfuSeTarget> targets, string? source = null) =>
            CreatePlan(targets, fullErase: false, source).Erases;

        /// <summary>True when the plan erases any part of the pyboard filesystem (sectors 1-4 of alternate setting 0).</summary>
        public static bool ErasesPyboardFilesystem(DfuSeFlashPlan plan) =>
            (plan ?? throw new System.ArgumentNullException(nameof(plan))).ErasesAny(0, PyboardFilesystemStart, PyboardFilesystemEnd);
    }
}
