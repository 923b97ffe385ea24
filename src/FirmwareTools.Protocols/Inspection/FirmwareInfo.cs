using System;
using System.Collections.Generic;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Inspection
{
    /// <summary>
    /// What a firmware file holds and whether it is sound, with no device needed (Get-FirmwareInfo's output). A damaged
    /// file still gives an object: <see cref="IsValid"/> is false and <see cref="Problem"/> says what is wrong.
    /// </summary>
    /// <remarks>
    /// Built with init-only properties so inspectors of other formats (ESP32 images later) fill in the common part and
    /// their own properties; the DFU-specific ones stay null for them.
    /// </remarks>
    public sealed class FirmwareInfo
    {
        // Lists as TextList, so Export-Csv writes their items (see TextList).
        private readonly IReadOnlyList<string> warnings = TextList<string>.Of(Array.Empty<string>());
        private readonly IReadOnlyList<FirmwareTargetInfo> targets = TextList<FirmwareTargetInfo>.Of(Array.Empty<FirmwareTargetInfo>());
        private readonly IReadOnlyList<DfuSeEraseSector> f405EraseSectors = TextList<DfuSeEraseSector>.Of(Array.Empty<DfuSeEraseSector>());
        private readonly IReadOnlyList<int> f405SectorNumbers = TextList<int>.Of(Array.Empty<int>());

        /// <summary>The full path of the file; binds to -Path of the install cmdlets.</summary>
        public string Path { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public FirmwareImageFormat Format { get; init; }

        /// <summary>File length in bytes.</summary>
        public long Length { get; init; }

        /// <summary>SHA-256 of the whole file, lowercase hex.</summary>
        public string Sha256 { get; init; } = string.Empty;

        public bool IsValid { get; init; }

        /// <summary>The first problem found (file, offset and what is wrong); null when the file is sound.</summary>
        public string? Problem { get; init; }

        /// <summary>The ErrorId reading the file raised (DfuFileInvalid...); null when the file is sound.</summary>
        public string? ProblemErrorId { get; init; }

        /// <summary>Byte offset of <see cref="Problem"/>, when it sits at a place in the file.</summary>
        public long? ProblemOffset { get; init; }

        public IReadOnlyList<string> Warnings { get => warnings; init => warnings = TextList<string>.Of(value); }

        /// <summary>Firmware bytes (element data, or the payload without suffix); null when the file could not be read that far.</summary>
        public long? FirmwareLength { get; init; }

        /// <summary>Targets with their address ranges. A raw or plain DFU file has no address: it has one target at <see cref="AssumedAddress"/>.</summary>
        public IReadOnlyList<FirmwareTargetInfo> Targets { get => targets; init => targets = TextList<FirmwareTargetInfo>.Of(value); }

        /// <summary>For a file with no address of its own, the address the erase figures assume (0x08000000, the restore address).</summary>
        public uint? AssumedAddress { get; init; }

        /// <summary>DFU suffix idVendor; null without a suffix.</summary>
        public HexUsbId? VendorId { get; init; }

        public HexUsbId? ProductId { get; init; }

        public ushort? BcdDevice { get; init; }

        public ushort? BcdDfu { get; init; }

        public uint? CrcStored { get; init; }

        public uint? CrcComputed { get; init; }

        public bool? CrcValid { get; init; }

        /// <summary>The DfuSe prefix's DFUImageSize and which convention it follows; null for other formats.</summary>
        public uint? ImageSize { get; init; }

        public DfuImageSizeConvention? ImageSizeConvention { get; init; }

        /// <summary>The STM32F405 sectors flashing the file would erase (each once, sector by sector, no mass erase).</summary>
        public IReadOnlyList<DfuSeEraseSector> F405EraseSectors { get => f405EraseSectors; init => f405EraseSectors = TextList<DfuSeEraseSector>.Of(value); }

        /// <summary>The sector numbers of <see cref="F405EraseSectors"/> (0 to 11).</summary>
        public IReadOnlyList<int> F405SectorNumbers { get => f405SectorNumbers; init => f405SectorNumbers = TextList<int>.Of(value, NumberRanges.FormatCompact); }

        /// <summary>True when flashing erases part of the pyboard's filesystem (sectors 1-4, 0x08004000-0x0801FFFF); null when unknown.</summary>
        public bool? F405TouchesFilesystem { get; init; }

        /// <summary>Why the file could not be flashed to an STM32F405 (e.g. built for another chip); null when it could.</summary>
        public string? F405Problem { get; init; }

        /// <summary>For an ESP32 image: chip, segments, entry, flash parameters and the checksum/hash verdict; null for other formats.</summary>
        public Esp32ImageInfo? Esp32Image { get; init; }

        /// <summary>For a Pycom package: files, scripts and the planned offsets; null for other formats.</summary>
        public PycomPackageInfo? PycomPackage { get; init; }

        /// <summary>For a .uf2 file: runs, families, the chip, what it would overwrite; null for other formats.</summary>
        public Uf2ImageInfo? Uf2 { get; init; }

        public override string ToString() => IsValid ? $"{Name} ({Format}, {Length} bytes)" : $"{Name} (invalid: {Problem})";
    }
}
