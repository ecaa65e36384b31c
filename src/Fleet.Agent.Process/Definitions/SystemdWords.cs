using System.Globalization;
using System.Text;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Splits systemd values into words the way <c>extract_first_word(…, EXTRACT_UNQUOTE |
/// EXTRACT_CUNESCAPE)</c> does: whitespace separates words, single and double quotes group (also in the
/// middle of a word), and C escapes (<c>\n \t \\ \" \' \s \xNN \NNN \uNNNN</c>) are decoded.</summary>
internal static class SystemdWords
{
    /// <summary>Splits <paramref name="text"/>; continuation lines (backslash-newline) join with a space.</summary>
    /// <param name="text">The option value.</param>
    /// <param name="words">The words, when the text is well formed.</param>
    /// <param name="error">What is wrong, when it is not.</param>
    public static bool TrySplit(string text, out List<string> words, out string? error) =>
        TrySplit(text, out words, out error, separators: null);

    /// <summary>Splits like <see cref="TrySplit(string, out List{string}, out string?)"/> and records in
    /// <paramref name="separators"/> the indexes of words written as a bare <c>;</c> (not quoted or escaped).</summary>
    public static bool TrySplit(string text, out List<string> words, out string? error, List<int>? separators)
    {
        words = [];
        error = null;
        var s = text.Replace("\\\n", " ", StringComparison.Ordinal);
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return true;
            }

            var word = new StringBuilder();
            var wordStart = i;
            char quote = '\0';
            while (i < s.Length)
            {
                var c = s[i];
                if (quote == '\0' && char.IsWhiteSpace(c))
                {
                    break;
                }

                if (c == '\\')
                {
                    if (!TryUnescape(s, ref i, word, out error))
                    {
                        return false;
                    }

                    continue;
                }

                if (quote == '\0' && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quote != '\0' && c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }

                i++;
            }

            if (quote != '\0')
            {
                error = $"unbalanced quotes in '{text}'";
                return false;
            }

            if (i - wordStart == 1 && s[wordStart] == ';')
            {
                separators?.Add(words.Count);
            }

            words.Add(word.ToString());
        }
    }

    private static bool TryUnescape(string s, ref int i, StringBuilder word, out string? error)
    {
        error = null;
        if (i + 1 >= s.Length)
        {
            error = $"trailing backslash in '{s}'";
            return false;
        }

        var c = s[i + 1];
        i += 2;
        switch (c)
        {
            case 'a': word.Append('\a'); return true;
            case 'b': word.Append('\b'); return true;
            case 'f': word.Append('\f'); return true;
            case 'n': word.Append('\n'); return true;
            case 'r': word.Append('\r'); return true;
            case 't': word.Append('\t'); return true;
            case 'v': word.Append('\v'); return true;
            case 's': word.Append(' '); return true;
            case '\\' or '"' or '\'' or ' ' or ';' or '$': word.Append(c); return true;
            case 'x': return TryHex(s, ref i, 2, word, out error);
            case 'u': return TryHex(s, ref i, 4, word, out error);
            case 'U': return TryHex(s, ref i, 8, word, out error);
            case >= '0' and <= '7':
                if (i + 2 > s.Length || !IsOctal(s[i]) || !IsOctal(s[i + 1]))
                {
                    error = $"invalid octal escape in '{s}'";
                    return false;
                }

                word.Append((char)(((c - '0') * 64) + ((s[i] - '0') * 8) + (s[i + 1] - '0')));
                i += 2;
                return true;
            default:
                error = $"invalid escape '\\{c}' in '{s}'";
                return false;
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static bool TryHex(string s, ref int i, int digits, StringBuilder word, out string? error)
    {
        error = null;
        if (i + digits > s.Length
            || !int.TryParse(s.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF)
        {
            error = $"invalid hex escape in '{s}'";
            return false;
        }

        word.Append(char.ConvertFromUtf32(code));
        i += digits;
        return true;
    }
}
