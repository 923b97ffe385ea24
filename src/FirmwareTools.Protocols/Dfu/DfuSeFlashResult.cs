using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>What a completed flash did. Only a flash that finished (and verified, when asked) produces one.</summary>
    public sealed class DfuSeFlashResult
    {
        public DfuSeFlashResult(
            string device,
            IReadOnlyList<MemoryRegion> regionsWritten,
            long bytesWritten,
            IReadOnlyList<DfuSeEraseSector> sectorsErased,
            bool massErased,
            bool verified,
            bool leftDfuMode,
            TimeSpan elapsed)
        {
            Device = device;
            RegionsWritten = regionsWritten;
            BytesWritten = bytesWritten;
            SectorsErased = sectorsErased;
            MassErased = massErased;
            Verified = verified;
            LeftDfuMode = leftDfuMode;
            Elapsed = elapsed;
        }

        public string Device { get; }

        public IReadOnlyList<MemoryRegion> RegionsWritten { get; }

        /// <summary>Firmware bytes written (without the 0xFF padding of a last block).</summary>
        public long BytesWritten { get; }

        /// <summary>Sectors erased, each once; empty after a mass erase.</summary>
        public IReadOnlyList<DfuSeEraseSector> SectorsErased { get; }

        public bool MassErased { get; }

        /// <summary>Every written region was read back and matched.</summary>
        public bool Verified { get; }

        /// <summary>The device accepted the leave request (or dropped off the bus after it) and is starting the firmware.</summary>
        public bool LeftDfuMode { get; }

        public TimeSpan Elapsed { get; }
    }
}
