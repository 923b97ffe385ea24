using FirmwareTools.Protocols.Downloads;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A micropython.org board page and the download index as a server could send them: the link reader
/// (HtmlAgilityPack), the board index reader and the page reader that turns links into releases.
/// </summary>
public sealed class MicroPythonPageTarget : IFuzzTarget
{
    private static readonly Uri Page = new("https://micropython.org/download/PYBV11/");
    private static readonly Uri Index = new("https://micropython.org/download/");

    public string Name => "micropython-page";

    public string Description => "FirmwareLinkReader.ReadLinks, MicroPythonFirmwareSource.ParseBoardIndex and ParsePage";

    public void Run(byte[] input)
    {
        string html = FuzzInput.Text(input);
        foreach (Uri link in FirmwareLinkReader.ReadLinks(html, Page))
        {
            BrokenPromiseException.Check(link.IsAbsoluteUri && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp), "links are absolute http(s)");
        }

        foreach (string board in MicroPythonFirmwareSource.ParseBoardIndex(html, Index))
        {
            BrokenPromiseException.Check(board.Length > 0, "a board name is not empty");
        }

        foreach (FirmwareRelease release in MicroPythonFirmwareSource.ParsePage("PYBV11", Page, html, null))
        {
            BrokenPromiseException.Check(release.ToString() is not null, "a release prints");
        }
    }
}
