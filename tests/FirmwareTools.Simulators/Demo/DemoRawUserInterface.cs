using System.Management.Automation.Host;

namespace FirmwareTools.Simulators.Demo;

/// <summary>The console's size as the formatter needs it; redirected output is laid out for 80 columns.</summary>
internal sealed class DemoRawUserInterface : PSHostRawUserInterface
{
    private readonly int width;

    public DemoRawUserInterface(int width) => this.width = width;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => new(width, 3000);
        set { }
    }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; }

    public override Size MaxPhysicalWindowSize => new(width, 50);

    public override Size MaxWindowSize => new(width, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize
    {
        get => new(width, 50);
        set { }
    }

    public override string WindowTitle { get; set; } = "FirmwareTools demo";

    public override bool KeyAvailable => false;

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The demo takes no keys.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
    {
    }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
    {
    }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
    }
}
