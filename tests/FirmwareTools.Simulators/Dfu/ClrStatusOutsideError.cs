namespace FirmwareTools.Simulators.Dfu;

/// <summary>What DFU_CLRSTATUS does outside dfuERROR (docs/protocols/dfu-dfuse.md §3.5, §3.7): ST devices disagree.</summary>
public enum ClrStatusOutsideError
{
    /// <summary>The ST Cube USB library: the request succeeds and pushes the device into dfuERROR/errUNKNOWN.</summary>
    CubeErrUnknown,

    /// <summary>Spec-strict ROMs (STM32C5): the request STALLs and the device goes to dfuERROR/errSTALLEDPKT.</summary>
    Stall,
}
