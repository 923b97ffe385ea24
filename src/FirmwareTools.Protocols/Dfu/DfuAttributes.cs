using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>bmAttributes of the DFU functional descriptor (DFU 1.1 §4.1.3).</summary>
    [Flags]
    public enum DfuAttributes
    {
        None = 0,

        /// <summary>bitCanDnload.</summary>
        CanDownload = 1,

        /// <summary>bitCanUpload.</summary>
        CanUpload = 2,

        /// <summary>bitManifestationTolerant: still answers on the bus after manifestation.</summary>
        ManifestationTolerant = 4,

        /// <summary>bitWillDetach (DFU 1.1): detaches on DFU_DETACH by itself, without a USB reset from the host.</summary>
        WillDetach = 8,
    }
}
