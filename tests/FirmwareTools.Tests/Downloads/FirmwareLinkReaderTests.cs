using FirmwareTools.Protocols.Downloads;
using Xunit;

namespace FirmwareTools.Tests.Downloads;

public class FirmwareLinkReaderTests
{
    private static readonly Uri Page = new("https://micropython.org/download/PYBV11/");

    [Fact]
    public void Reads_quoted_unquoted_relative_and_absolute_links()
    {
        const string html = """
            <a href="/resources/firmware/A-20240101-v1.22.0.dfu">a</a>
            <A class=x HREF='https://micropython.org/resources/firmware/B-20240101-v1.22.0.dfu' >b</A>
            <a data-x="1 > 2" href=../../resources/firmware/C-20240101-v1.22.0.dfu>c</a>
            <a
               href = "D-20240101-v1.22.0.dfu">d</a>
            <a href="/x?a=1&amp;b=2">entity</a>
            """;
        string[] links = FirmwareLinkReader.ReadLinks(html, Page).Select(u => u.AbsoluteUri).ToArray();
        Assert.Equal(new[]
        {
            "https://micropython.org/resources/firmware/A-20240101-v1.22.0.dfu",
            "https://micropython.org/resources/firmware/B-20240101-v1.22.0.dfu",
            "https://micropython.org/resources/firmware/C-20240101-v1.22.0.dfu",
            "https://micropython.org/download/PYBV11/D-20240101-v1.22.0.dfu",
            "https://micropython.org/x?a=1&b=2",
        }, links);
    }

    [Fact]
    public void Ignores_comments_scripts_styles_fragments_and_other_schemes()
    {
        const string html = """
            <!-- <a href="/commented.dfu">no</a> -->
            <script>document.write('<a href="/script.dfu">no</a>');</script>
            <style>a[href="/style.dfu"] { color: red }</style>
            <a href="#top">top</a><a href="mailto:x@y.z">mail</a><a name="anchor">no href</a>
            <link href="/style.css"><abbr href="/abbr.dfu">not a link</abbr>
            <a href="/kept.dfu">kept</a><a href="/kept.dfu">duplicate</a>
            """;
        Assert.Equal(new[] { "https://micropython.org/kept.dfu" }, FirmwareLinkReader.ReadLinks(html, Page).Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Survives_broken_markup()
    {
        const string html = "<p>1 < 2 <a href=\"/ok.dfu\">ok</a> <a href=\"/unterminated.dfu";
        Assert.Equal("https://micropython.org/ok.dfu", Assert.Single(FirmwareLinkReader.ReadLinks(html, Page).Take(1)).AbsoluteUri);
    }
}
