using FirmwareTools.Simulators.Dfu;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// The physical floor of flashing an image on the timing-modelled simulator, from the simulator's own
/// settings: erase each touched sector once, program every byte, and move every data byte over USB in
/// wTransferSize control transfers. Status polls and DfuSe commands are protocol, not physics, so they are
/// not in the floor: the ratio elapsed/floor measures what a client's protocol costs on top.
/// </summary>
internal sealed record FlashFloor(TimeSpan Erase, int SectorsErased, TimeSpan Program, TimeSpan Usb)
{
    public TimeSpan Total => Erase + Program + Usb;

    public static FlashFloor For(BenchmarkImage image, VirtualStm32BootloaderSettings settings, VirtualMemoryArea flash)
    {
        var sectors = new SortedSet<int>();
        TimeSpan program = TimeSpan.Zero;
        TimeSpan usb = TimeSpan.Zero;
        foreach ((uint address, byte[] data) in image.Elements)
        {
            int first = flash.SectorIndexOf(address);
            int last = flash.SectorIndexOf(address + data.Length - 1);
            for (int s = first; s <= last; s++)
            {
                sectors.Add(s);
            }

            for (int offset = 0; offset < data.Length; offset += settings.TransferSize)
            {
                int chunk = Math.Min(settings.TransferSize, data.Length - offset);
                program += settings.ProgramTime(chunk);
                usb += settings.ControlTransferTime + (settings.ControlPacketTime * ((chunk + 63) / 64));
            }
        }

        TimeSpan erase = TimeSpan.Zero;
        foreach (int s in sectors)
        {
            erase += settings.SectorEraseTime(flash.SectorSizes[s]);
        }

        return new FlashFloor(Scale(erase, settings), sectors.Count, Scale(program, settings), Scale(usb, settings));
    }

    private static TimeSpan Scale(TimeSpan t, VirtualStm32BootloaderSettings settings) => TimeSpan.FromTicks((long)(t.Ticks * settings.TimeScale));
}
