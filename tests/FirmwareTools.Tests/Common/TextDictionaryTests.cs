using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>A result's string dictionary (Get-DeviceVersion's ExtraFields): its entries as Export-Csv's text.</summary>
public class TextDictionaryTests
{
    [Fact]
    public void Its_text_is_key_value_pairs_in_order_and_it_stays_a_read_only_dictionary()
    {
        var fields = new TextDictionary(new Dictionary<string, string>(StringComparer.Ordinal) { ["lorawan"] = "1.0.2", ["sigfox"] = "1.0.1" });

        Assert.Equal("lorawan=1.0.2; sigfox=1.0.1", fields.ToString());
        Assert.Equal("1.0.1", fields["sigfox"]);
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, string>)fields).Add("pybytes", "1.7.1"));
    }

    [Fact]
    public void An_empty_dictionary_has_empty_text()
    {
        Assert.Equal(string.Empty, new TextDictionary(new Dictionary<string, string>()).ToString());
    }
}
