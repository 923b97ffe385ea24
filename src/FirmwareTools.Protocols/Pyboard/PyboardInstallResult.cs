using System;
using System.Collections.Generic;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>What Install-PyboardFirmware did to one board. Only ever produced after the write (and the verify, if asked) succeeded.</summary>
    public sealed class PyboardInstallResult
    {
        public PyboardInstallResult(DfuDevice device, string firmwarePath, FirmwareImageFormat format, DfuSeFlashResult flash, string? backupPath)
        {
            Device = device.ToString();
            SerialNumber = device.SerialNumber;
            PortPath = device.PortPath;
            FirmwarePath = firmwarePath;
            Format = format;
            RegionsWritten = TextList<MemoryRegion>.Of(flash.RegionsWritten);
            BytesWritten = flash.BytesWritten;
            SectorsErased = TextList<DfuSeEraseSector>.Of(flash.SectorsErased);
            SectorNumbers = TextList<int>.Of(ToNumbers(flash.SectorsErased), NumberRanges.FormatCompact);
            MassErased = flash.MassErased;
            Erased = MassErased ? "all" : SectorNumbers.ToString();
            Verified = flash.Verified;
            LeftDfuMode = flash.LeftDfuMode;
            BackupPath = backupPath;
            Elapsed = flash.Elapsed;
        }

        public string Device { get; }

        public string? SerialNumber { get; }

        public string PortPath { get; }

        /// <summary>The file that was flashed. Deliberately not named Path, so piping a result on never re-flashes by accident.</summary>
        public string FirmwarePath { get; }

        public FirmwareImageFormat Format { get; }

        public IReadOnlyList<MemoryRegion> RegionsWritten { get; }

        public long BytesWritten { get; }

        public IReadOnlyList<DfuSeEraseSector> SectorsErased { get; }

        /// <summary>The sector numbers erased, e.g. 0,5,6,7 (plain numbers survive remoting, which serializes one level deep).</summary>
        public IReadOnlyList<int> SectorNumbers { get; }

        public bool MassErased { get; }

        /// <summary>What was erased, as the table shows it and Export-Csv writes it: "all" after a mass erase, else the sector numbers as ranges ("0-11", "0,5-7").</summary>
        public string Erased { get; }

        public bool Verified { get; }

        /// <summary>True when the board was told to leave DFU mode and start the firmware.</summary>
        public bool LeftDfuMode { get; }

        /// <summary>The backup taken before erasing, when one was asked for.</summary>
        public string? BackupPath { get; }

        /// <summary>Time spent erasing, writing, verifying and leaving (the backup is not included).</summary>
        public TimeSpan Elapsed { get; }

        private static int[] ToNumbers(IReadOnlyList<DfuSeEraseSector> sectors)
        {
            var numbers = new int[sectors.Count];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = sectors[i].Index;
            }

            return numbers;
        }
    }
}
