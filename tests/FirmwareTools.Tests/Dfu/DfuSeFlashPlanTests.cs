using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

public class DfuSeFlashPlanTests
{
    private const string Source = "/tmp/firmware.dfu";

    private static byte[] Bytes(int length, byte seed)
    {
        var data = new byte[length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(seed + (i * 7));
        }

        return data;
    }

    private static DfuSeTarget Target(byte alt, params DfuSeElement[] elements) => new(alt, "ST...", elements);

    private static DfuFlashPlanException Refused(IReadOnlyList<DfuSeTarget> targets, string errorId, IReadOnlyDictionary<byte, DfuSeMemoryLayout>? layouts = null)
    {
        var ex = Assert.Throws<DfuFlashPlanException>(() => DfuSeFlashPlan.Create(targets, layouts ?? Stm32F405FlashMap.Layouts, source: Source));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.InvalidData, ex.Kind);
        Assert.Equal(Source, ex.Target);
        Assert.Contains(Source, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Pyboard_image_erases_sector_0_and_5_to_8_only_and_spares_the_filesystem()
    {
        byte[] vectors = Bytes(14_000, 1);
        byte[] text = Bytes(390 * 1024, 2);
        var targets = new[] { Target(0, new DfuSeElement(0x08020000, text), new DfuSeElement(0x08000000, vectors)) };

        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(targets, Stm32F405FlashMap.Layouts, source: Source);

        Assert.False(plan.MassErase);
        Assert.Equal(new[] { 0, 5, 6, 7, 8 }, plan.Erases.Select(s => s.Index));
        Assert.Equal(new uint[] { 0x08000000, 0x08020000, 0x08040000, 0x08060000, 0x08080000 }, plan.Erases.Select(s => s.Address));
        Assert.Equal(new uint[] { 16384, 131072, 131072, 131072, 131072 }, plan.Erases.Select(s => s.Size));
        Assert.All(plan.Erases, s => Assert.Equal(0, s.AlternateSetting));
        Assert.Equal(16384 + (4 * 131072), plan.TotalEraseBytes);
        Assert.Equal(14_000 + (390 * 1024), plan.TotalWriteBytes);

        // Written in address order, whatever order the file lists them in.
        Assert.Equal(new uint[] { 0x08000000, 0x08020000 }, plan.Writes.Select(w => w.Address));
        Assert.Same(vectors, plan.Writes[0].Data);
        Assert.Same(text, plan.Writes[1].Data);
        Assert.All(plan.Writes, w => Assert.True(w.ErasedFirst));
        Assert.False(Stm32F405FlashMap.ErasesPyboardFilesystem(plan));
        Assert.DoesNotContain(plan.Erases, s => s.Address >= 0x08004000 && s.Address < 0x08020000);
    }

    [Fact]
    public void A_sector_shared_by_elements_of_two_targets_is_erased_once()
    {
        var targets = new[]
        {
            Target(0, new DfuSeElement(0x08000000, Bytes(100, 1))),
            Target(0, new DfuSeElement(0x08000100, Bytes(100, 2)), new DfuSeElement(0x08003F00, Bytes(0x200, 3))),
        };

        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(targets, Stm32F405FlashMap.Layouts);

        Assert.Equal(new uint[] { 0x08000000, 0x08004000 }, plan.Erases.Select(s => s.Address));
        Assert.Equal(new[] { 0, 1 }, plan.Erases.Select(s => s.Index));
        Assert.True(Stm32F405FlashMap.ErasesPyboardFilesystem(plan));
    }

    [Fact]
    public void Full_erase_is_a_mass_erase_of_the_flash_alt_with_no_sector_list()
    {
        var targets = new[] { Target(0, new DfuSeElement(0x08000000, Bytes(64, 1))) };

        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(targets, Stm32F405FlashMap.Layouts, fullErase: true);

        Assert.True(plan.MassErase);
        Assert.Empty(plan.Erases);
        Assert.Equal(new byte[] { 0 }, plan.MassEraseAlternateSettings);
        Assert.Equal(1024 * 1024, plan.TotalEraseBytes);
        Assert.True(Stm32F405FlashMap.ErasesPyboardFilesystem(plan));
    }

    [Fact]
    public void Option_bytes_are_written_in_place_without_an_erase()
    {
        var targets = new[] { Target(1, new DfuSeElement(0x1FFFC000, Bytes(16, 9))) };

        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(targets, Stm32F405FlashMap.Layouts);

        Assert.Empty(plan.Erases);
        Assert.False(plan.MassErase);
        DfuSeWriteRegion write = Assert.Single(plan.Writes);
        Assert.Equal((byte)1, write.AlternateSetting);
        Assert.False(write.ErasedFirst);
        Assert.True(plan.WritesNonErasableMemory);
        Assert.Equal(0, plan.TotalEraseBytes);
    }

    [Fact]
    public void Element_past_the_end_of_flash_is_refused_naming_the_first_address_outside()
    {
        var targets = new[] { Target(0, new DfuSeElement(0x080FFF00, Bytes(0x200, 1))) };

        DfuFlashPlanException ex = Refused(targets, "FirmwareOutsideFlash");

        Assert.Contains("0x080FFF00-0x081000FF", ex.Message, StringComparison.Ordinal);
        Assert.Contains("but 0x08100000 lies outside the device's memory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Internal Flash", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0x080FFF00, ex.ElementAddress);
    }

    [Fact]
    public void Element_before_flash_is_refused()
    {
        var targets = new[] { Target(0, new DfuSeElement(0x00000000, Bytes(16, 1))) };

        DfuFlashPlanException ex = Refused(targets, "FirmwareOutsideFlash");

        Assert.Contains("0x00000000-0x0000000F (16 B) on alternate setting 0, but it starts outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_in_a_read_only_sector_is_refused_naming_the_segment()
    {
        var layouts = new Dictionary<byte, DfuSeMemoryLayout>
        {
            [0] = DfuSeMemoryLayout.Parse("@Internal Flash   /0x08000000/01*016Ka,02*016Kg,01*016Kg,01*064Kg,07*128Kg"),
        };
        var targets = new[] { Target(0, new DfuSeElement(0x08003000, Bytes(0x2000, 1))) };

        DfuFlashPlanException ex = Refused(targets, "FirmwareNotWritable", layouts);

        Assert.NotNull(ex.Segment);
        Assert.Equal('a', ex.Segment!.TypeLetter);
        Assert.Contains("0x08000000-0x08003FFF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_spanning_erasable_and_unerasable_memory_is_refused()
    {
        var layouts = new Dictionary<byte, DfuSeMemoryLayout> { [0] = DfuSeMemoryLayout.Parse("@Mixed /0x08000000/01*016Kg,01*016Ke") };
        var targets = new[] { Target(0, new DfuSeElement(0x08003F00, Bytes(0x200, 1))) };

        Refused(targets, "FirmwareNotErasable", layouts);
    }

    [Fact]
    public void Target_for_an_alternate_setting_the_device_lacks_is_refused()
    {
        var targets = new[] { Target(4, new DfuSeElement(0x08000000, Bytes(16, 1))) };

        DfuFlashPlanException ex = Refused(targets, "FirmwareTargetNotOnDevice");

        Assert.Contains("alternate setting 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0, 1, 2, 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_feature_alt_is_never_written()
    {
        var targets = new[] { Target(3, new DfuSeElement(0xFFFF0000, Bytes(4, 1))) };

        Refused(targets, "FirmwareTargetForbidden");
    }

    [Fact]
    public void No_targets_or_only_empty_elements_are_refused()
    {
        Refused(Array.Empty<DfuSeTarget>(), "FirmwareEmpty");
        Refused(new[] { Target(0, new DfuSeElement(0x08000000, Array.Empty<byte>())) }, "FirmwareEmpty");
        Refused(new[] { Target(0) }, "FirmwareEmpty");
    }

    [Fact]
    public void Zero_length_elements_beside_real_ones_are_dropped()
    {
        var targets = new[] { Target(0, new DfuSeElement(0x09000000, Array.Empty<byte>()), new DfuSeElement(0x08000000, Bytes(8, 1))) };

        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(targets, Stm32F405FlashMap.Layouts);

        Assert.Equal(0x08000000u, Assert.Single(plan.Writes).Address);
    }

    [Fact]
    public void Overlapping_elements_are_refused()
    {
        var targets = new[]
        {
            Target(0, new DfuSeElement(0x08000000, Bytes(0x100, 1))),
            Target(0, new DfuSeElement(0x080000F0, Bytes(0x100, 2))),
        };

        DfuFlashPlanException ex = Refused(targets, "FirmwareElementsOverlap");

        Assert.Contains("0x08000000-0x080000FF", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x080000F0-0x080001EF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F405_helper_lists_the_sectors_a_raw_restore_of_the_whole_flash_erases()
    {
        var targets = new[] { Target(0, new DfuSeElement(0x08000000, new byte[1024 * 1024])) };

        IReadOnlyList<DfuSeEraseSector> sectors = Stm32F405FlashMap.SectorsToErase(targets);

        Assert.Equal(Enumerable.Range(0, 12), sectors.Select(s => s.Index));
        Assert.Equal(0x080E0000u, sectors[11].Address);
    }
}
