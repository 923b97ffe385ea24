using Xunit;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// Every engine test class joins this collection. The module reads FIRMWARETOOLS_USB_BRIDGE (a process-wide
/// environment variable) at each command, so two tests pointing it at different virtual benches must not overlap.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineCollection
{
    public const string Name = "PowerShell engine";
}
