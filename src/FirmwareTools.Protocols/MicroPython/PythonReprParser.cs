using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// Reads the repr of a (named) tuple as MicroPython and CPython print it:
    /// <c>(sysname='pyboard', release='1.22.2', ...)</c>, <c>posix.uname_result(sysname='Linux', ...)</c>,
    /// <c>('a', 'b')</c>, values quoted with ' or " and Python escapes, numbers, nested tuples, None.
    /// Fields are kept in order; strings are unquoted and unescaped, anything else is kept as written.
    /// </summary>
    internal static class PythonReprParser
    {
        public static bool TryParseTuple(string text, out List<KeyValuePair<string?, string>> fields)
        {
            fields = new List<KeyValuePair<string?, string>>();
            string s = text.Trim();
            int open = s.IndexOf('(');
            if (open < 0 || s[s.Length - 1] != ')')
            {
                return false;
            }

            // A type name may precede the parenthesis (CPython's posix.uname_result); nothing else may.
            for (int k = 0; k < open; k++)
            {
                if (!(char.IsLetterOrDigit(s[k]) || s[k] == '_' || s[k] == '.'))
                {
                    return false;
                }
            }

            int i = open + 1;
            SkipSpace(s, ref i);
            if (i < s.Length && s[i] == ')')
            {
                return i == s.Length - 1;
            }

            while (i < s.Length)
            {
                SkipSpace(s, ref i);
                string? key = null;
                int start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                int afterName = i;
                SkipSpace(s, ref i);
                if (afterName > start && (char.IsLetter(s[start]) || s[start] == '_') && i < s.Length && s[i] == '=')
                {
                    key = s.Substring(start, afterName - start);
                    i++;
                    SkipSpace(s, ref i);
                }
                else
                {
                    i = start;
                }

                if (!TryReadValue(s, ref i, out string value))
                {
                    return false;
                }

                fields.Add(new KeyValuePair<string?, string>(key, value));
                SkipSpace(s, ref i);
                if (i >= s.Length)
                {
                    return false;
                }

                if (s[i] == ',')
                {
                    i++;
                    SkipSpace(s, ref i);
                    if (i < s.Length && s[i] == ')')
                    {
                        return i == s.Length - 1;
                    }

                    continue;
                }

                if (s[i] == ')')
                {
                    return i == s.Length - 1;
                }

                return false;
            }

            return false;
        }

        private static bool TryReadValue(string s, ref int i, out string value)
        {
            value = string.Empty;
            if (i >= s.Length)
            {
                return false;
            }

            char c = s[i];
            if ((c == 'b' || c == 'B') && i + 1 < s.Length && (s[i + 1] == '\'' || s[i + 1] == '"'))
            {
                i++;
                c = s[i];
            }

            if (c == '\'' || c == '"')
            {
                return TryReadString(s, ref i, out value);
            }

            if (c == '(' || c == '[' || c == '{')
            {
                int start = i;
                if (!TrySkipBracketed(s, ref i))
                {
                    return false;
                }

                value = s.Substring(start, i - start);
                return true;
            }

            int begin = i;
            while (i < s.Length && s[i] != ',' && s[i] != ')')
            {
                if (s[i] == '(' || s[i] == '\'' || s[i] == '"' || s[i] == '=')
                {
                    return false;
                }

                i++;
            }

            value = s.Substring(begin, i - begin).Trim();
            return value.Length > 0;
        }

        private static bool TrySkipBracketed(string s, ref int i)
        {
            var closers = new Stack<char>();
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '\'' || c == '"')
                {
                    if (!TryReadString(s, ref i, out _))
                    {
                        return false;
                    }

                    continue;
                }

                if (c == '(')
                {
                    closers.Push(')');
                }
                else if (c == '[')
                {
                    closers.Push(']');
                }
                else if (c == '{')
                {
                    closers.Push('}');
                }
                else if (c == ')' || c == ']' || c == '}')
                {
                    if (closers.Count == 0 || closers.Pop() != c)
                    {
                        return false;
                    }

                    if (closers.Count == 0)
                    {
                        i++;
                        return true;
                    }
                }

                i++;
            }

            return false;
        }

        private static bool TryReadString(string s, ref int i, out string value)
        {
            char quote = s[i++];
            var text = new StringBuilder();
            while (i < s.Length)
            {
                char c = s[i++];
                if (c == quote)
                {
                    value = text.ToString();
                    return true;
                }

                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                if (i >= s.Length)
                {
                    break;
                }

                char e = s[i++];
                switch (e)
                {
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case '0': text.Append('\0'); break;
                    case '\\': text.Append('\\'); break;
                    case '\'': text.Append('\''); break;
                    case '"': text.Append('"'); break;
                    case 'x':
                        if (!TryHex(s, ref i, 2, text))
                        {
                            value = string.Empty;
                            return false;
                        }

                        break;
                    case 'u':
                        if (!TryHex(s, ref i, 4, text))
                        {
                            value = string.Empty;
                            return false;
                        }

                        break;
                    default:
                        text.Append('\\').Append(e);
                        break;
                }
            }

            value = string.Empty;
            return false;
        }

        private static bool TryHex(string s, ref int i, int digits, StringBuilder text)
        {
            if (i + digits > s.Length
                || !int.TryParse(s.Substring(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                return false;
            }

            text.Append((char)code);
            i += digits;
            return true;
        }

        private static void SkipSpace(string s, ref int i)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
        }
    }
}
