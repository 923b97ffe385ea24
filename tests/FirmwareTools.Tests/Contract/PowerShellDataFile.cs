using System.Globalization;
using System.Text;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// Reads a PowerShell data file (.psd1) of the shape module manifests use: nested @{ } hashtables,
/// @( ) arrays, single- or double-quoted strings, numbers, $true/$false and # comments. Enough to check
/// our manifest without a PowerShell engine; anything else is a parse error naming the offset.
/// </summary>
public sealed class PowerShellDataFile
{
    private readonly string text;
    private int pos;

    private PowerShellDataFile(string text) => this.text = text;

    public static Dictionary<string, object?> Parse(string text)
    {
        var reader = new PowerShellDataFile(text);
        object? value = reader.ReadValue();
        reader.SkipTrivia();
        if (reader.pos != text.Length)
        {
            throw reader.Error("trailing content");
        }

        return value as Dictionary<string, object?> ?? throw reader.Error("the file is not a hashtable");
    }

    private object? ReadValue()
    {
        SkipTrivia();
        if (Peek("@{"))
        {
            pos += 2;
            return ReadHashtable();
        }

        if (Peek("@("))
        {
            pos += 2;
            return ReadArray();
        }

        char c = Current;
        if (c is '\'' or '"')
        {
            return ReadString();
        }

        if (Peek("$true"))
        {
            pos += 5;
            return true;
        }

        if (Peek("$false"))
        {
            pos += 6;
            return false;
        }

        int start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '.'))
        {
            pos++;
        }

        string token = text[start..pos];
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return number;
        }

        throw Error($"unexpected '{(start < text.Length ? text[start] : ' ')}'");
    }

    private Dictionary<string, object?> ReadHashtable()
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia(true);
            if (Current == '}')
            {
                pos++;
                return result;
            }

            string key = Current is '\'' or '"' ? ReadString() : ReadBareWord();
            SkipTrivia();
            if (Current != '=')
            {
                throw Error($"expected '=' after key {key}");
            }

            pos++;
            result[key] = ReadValue();
        }
    }

    private List<object?> ReadArray()
    {
        var result = new List<object?>();
        while (true)
        {
            SkipTrivia(true);
            if (Current == ')')
            {
                pos++;
                return result;
            }

            result.Add(ReadValue());
        }
    }

    private string ReadBareWord()
    {
        int start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            pos++;
        }

        return start == pos ? throw Error("expected a key") : text[start..pos];
    }

    private string ReadString()
    {
        char quote = text[pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            char c = text[pos++];
            if (c == quote)
            {
                if (pos < text.Length && text[pos] == quote)
                {
                    sb.Append(quote);
                    pos++;
                    continue;
                }

                return sb.ToString();
            }

            sb.Append(c);
        }
    }

    private void SkipTrivia(bool separators = false)
    {
        while (pos < text.Length)
        {
            char c = text[pos];
            if (char.IsWhiteSpace(c) || (separators && (c == ',' || c == ';')))
            {
                pos++;
            }
            else if (c == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private bool Peek(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;

    private char Current => pos < text.Length ? text[pos] : throw Error("unexpected end of file");

    private FormatException Error(string what) => new($"psd1 parse error at offset {pos}: {what}");
}
