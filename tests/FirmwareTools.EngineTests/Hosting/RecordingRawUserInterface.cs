using System.Management.Automation.Host;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>A console of a fixed width (80 columns by default): Out-Host and the table views lay out for it.</summary>
public sealed class RecordingRawUserInterface : PSHostRawUserInterface
{
    private Size bufferSize;

    public RecordingRawUserInterface(int width) => bufferSize = new Size(width, 3000);

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => bufferSize;
        set => bufferSize = value;
    }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; }

    public override Size MaxPhysicalWindowSize => new(bufferSize.Width, 50);

    public override Size MaxWindowSize => new(bufferSize.Width, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize
    {
        get => new(bufferSize.Width, 50);
        set { }
    }

    public override string WindowTitle { get; set; } = "FirmwareTools engine tests";

    public override bool KeyAvailable => false;

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("The recording host has no screen buffer.");

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The recording host takes no keys; script prompt answers with RecordingHostUserInterface.Answers.");

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
