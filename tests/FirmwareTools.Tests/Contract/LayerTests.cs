using System.Reflection;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// The folders of src/FirmwareTools.Protocols form layers that only point down: no two folders use each other, directly
/// or around a cycle, and every use is one the table below allows. "Use" is read from the compiled assembly, method
/// bodies included (<see cref="TypeReferenceScanner"/>), so a call hidden in a lambda counts and an unused `using` does not.
/// </summary>
public sealed class LayerTests
{
    /// <summary>
    /// The allowed dependencies, lowest layer first. A folder not listed may use nothing: a new folder is added here
    /// on purpose, with its layer.
    /// <code>
    ///   layer  folder        what it holds                                     may use
    ///   0      Common        shared values: regions, versions, bytes, files,   (nothing)
    ///                        logs, progress, errors (root namespace)
    ///   1      Usb           USB seam and backends (libusb, bridge)            Common
    ///   2      Serial        serial seam and backends (OS, rfc2217, socket,   Common, Usb
    ///                        CDC ACM over a USB device)
    ///   2      Images        firmware file formats, pure (DfuSe, ESP32, Pycom) Common
    ///   3      Dfu           DFU 1.1 / DfuSe protocol over a USB device        Common, Usb, Images
    ///   3      Esp32         ESP32 ROM loader protocol, chip targets, PIC      Common, Serial, Images
    ///   3      MicroPython   raw REPL over a serial port                       Common, Serial
    ///   3      Rp2           PICOBOOT over a USB device's bulk interface        Common, Usb
    ///   4      Downloads     release pages, firmware downloads                 Common, Images
    ///   5      Pyboard       family operation: STM32 pyboards over DFU         Common, Usb, Images, Dfu
    ///   5      Esp32Board    family operation: ESP32 boards over the ROM       Common, Serial, Images, Esp32
    ///   5      Rp2Board      family operation: Picos over PICOBOOT/the drive    Common, Usb, Images, Rp2
    ///   5      Inspection    Get-FirmwareInfo: a file and its flash plan       Common, Images, Dfu, Esp32
    /// </code>
    /// The cmdlets (src/FirmwareTools) sit above all of these, in their own assembly.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Common"] = [],
        ["Usb"] = ["Common"],
        ["Serial"] = ["Common", "Usb"],
        ["Images"] = ["Common"],
        ["Dfu"] = ["Common", "Usb", "Images"],
        ["Esp32"] = ["Common", "Serial", "Images"],
        ["MicroPython"] = ["Common", "Serial"],
        ["Downloads"] = ["Common", "Images"],
        ["Pyboard"] = ["Common", "Usb", "Images", "Dfu"],
        ["Esp32Board"] = ["Common", "Serial", "Images", "Esp32"],
        ["Rp2"] = ["Common", "Usb"],
        ["Rp2Board"] = ["Common", "Usb", "Images", "Rp2"],
        ["Inspection"] = ["Common", "Images", "Dfu", "Esp32"],
        ["BoardUpdate"] = ["Common", "Usb", "Serial", "Images", "Dfu", "Esp32", "MicroPython", "Rp2", "Downloads", "Pyboard", "Esp32Board", "Rp2Board", "Inspection"],
    };

    private static readonly Lazy<FolderGraph> Protocols = new(() => FolderGraph.Of(typeof(MemoryRegion).Assembly, "FirmwareTools.Protocols"));

    [Fact]
    public void The_protocol_folders_have_no_cycle()
    {
        Assert.Empty(Protocols.Value.Cycles().Select(c => string.Join(" <-> ", c)));
    }

    [Fact]
    public void Every_folder_uses_only_what_the_table_allows()
    {
        Assert.Empty(Protocols.Value.EdgesNotIn(Allowed));
    }

    [Fact]
    public void Every_folder_of_the_assembly_is_in_the_table()
    {
        IEnumerable<string> folders = typeof(MemoryRegion).Assembly.GetTypes()
            .Select(t => FolderGraph.FolderOf(t, "FirmwareTools.Protocols"))
            .OfType<string>()
            .Distinct()
            .ToList();
        string[] missing = folders.Where(f => !Allowed.ContainsKey(f)).ToArray();
        Assert.True(missing.Length == 0, "Folders missing from LayerTests.Allowed: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_allowed_table_itself_is_acyclic()
    {
        var table = new FolderGraph(Allowed.SelectMany(a => a.Value.Select(to => (a.Key, to))));
        Assert.Empty(table.Cycles());
    }

    [Fact]
    public void A_cycle_through_three_folders_is_found()
    {
        var graph = new FolderGraph([("Images", "Dfu"), ("Dfu", "Usb"), ("Usb", "Images"), ("Dfu", "Common"), ("Esp32", "Serial")]);
        IReadOnlyList<string> cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Dfu", "Images", "Usb"], cycle);
    }

    [Fact]
    public void Two_folders_that_use_each_other_are_a_cycle()
    {
        var graph = new FolderGraph([("Dfu", "Images"), ("Images", "Dfu")]);
        Assert.Equal(["Dfu", "Images"], Assert.Single(graph.Cycles()));
    }

    [Fact]
    public void An_edge_the_table_does_not_allow_is_named()
    {
        var graph = new FolderGraph([("Images", "Common"), ("Images", "Esp32")]);
        Assert.Equal(["Images -> Esp32"], graph.EdgesNotIn(Allowed));
    }

    [Fact]
    public void A_use_only_inside_a_method_body_is_seen()
    {
        IReadOnlySet<Type> used = TypeReferenceScanner.ReferencedTypes(typeof(BodyOnly));
        Assert.Contains(typeof(Marker), used);
        Assert.Contains(typeof(OtherMarker), used);
    }

    [Fact]
    public void A_use_inside_a_lambda_is_seen_in_the_compiler_made_type()
    {
        Type[] closures = typeof(LambdaOnly).GetNestedTypes(BindingFlags.NonPublic);
        Assert.Contains(closures, c => TypeReferenceScanner.ReferencedTypes(c).Contains(typeof(Marker)));
    }

    private sealed class Marker
    {
        public static int Value => 1;
    }

    private sealed class OtherMarker;

    private static class BodyOnly
    {
        // Neither type appears in a signature: only the IL (a call, a typeof) names them.
        public static object Run() => Marker.Value + typeof(OtherMarker).Name.Length;
    }

    private static class LambdaOnly
    {
        public static Func<int> Run() => () => Marker.Value;
    }
}
