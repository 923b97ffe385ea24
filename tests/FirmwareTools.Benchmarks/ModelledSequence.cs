using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// What a client's actual request sequence costs under the simulator's own timing model, with no host or
/// scheduler in the way: each control transfer's modelled bus time, plus each erase and program duration, where
/// the GETSTATUS that waits out an operation costs the longer of its transfer and the operation. Measured minus
/// modelled is what the machine running the benchmark added (sleep overshoot, other processes).
/// </summary>
internal sealed record ModelledSequence(int ControlTransfers, TimeSpan Time)
{
    public static ModelledSequence Of(IReadOnlyList<LoggedDfuRequest> log, VirtualStm32BootloaderSettings settings, VirtualMemoryArea flash)
    {
        TimeSpan total = TimeSpan.Zero;
        for (int i = 0; i < log.Count; i++)
        {
            LoggedDfuRequest r = log[i];
            TimeSpan transfer = settings.ControlTransferTime + (settings.ControlPacketTime * ((r.Setup.Length + 63) / 64));
            bool waitsOutOperation = r.Request == DfuRequest.DFU_GETSTATUS && i >= 2 &&
                                     log[i - 1].Request == DfuRequest.DFU_GETSTATUS && log[i - 2].IsDownload && log[i - 2].Data.Length > 0;
            total += waitsOutOperation ? Max(transfer, Busy(log[i - 2], settings, flash)) : transfer;
        }

        return new ModelledSequence(log.Count, TimeSpan.FromTicks((long)(total.Ticks * settings.TimeScale)));
    }

    private static TimeSpan Busy(LoggedDfuRequest download, VirtualStm32BootloaderSettings settings, VirtualMemoryArea flash)
    {
        if (download.Setup.Value != DfuSeCommand.CommandBlock)
        {
            return settings.ProgramTime(download.Data.Length);
        }

        if (download.IsDfuSeCommand(DfuSeCommand.Erase) && download.Data.Length == 5)
        {
            uint address = BitConverter.ToUInt32(download.Data, 1);
            return flash.Contains(address) ? settings.SectorEraseTime(flash.SectorSizes[flash.SectorIndexOf(address)]) : TimeSpan.Zero;
        }

        return TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
