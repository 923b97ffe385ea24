using FirmwareTools.Protocols;

namespace FirmwareTools.Tests.Dfu;

/// <summary>Records progress reports on the reporting thread (Progress&lt;T&gt; would post them elsewhere).</summary>
internal sealed class SyncProgress(Action<OperationProgress>? onReport = null) : IProgress<OperationProgress>
{
    public List<OperationProgress> Reports { get; } = [];

    public void Report(OperationProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
