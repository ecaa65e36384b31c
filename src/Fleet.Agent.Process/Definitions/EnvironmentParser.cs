using System.Text;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Parses <c>Environment=</c> assignments and <c>EnvironmentFile=</c> contents.</summary>
internal static class EnvironmentParser
{
    /// <summary>Parses one <c>Environment=</c> value: space-separated <c>NAME=value</c> words, quotes allowed
    /// (<c>"B=two words"</c>).</summary>
    public static bool TryParseAssignments(string value, out List<KeyValuePair<string, string>> assignments, out string? error)
    {
        assignments = [];
        if (!SystemdWords.TrySplit(value, out var words, out error))
        {
            return false;
        }

        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !ExecLineParser.IsName(word.AsSpan(0, eq)))
            {
                error = $"'{word}' is not a NAME=value assignment";
                return false;
            }

            assignments.Add(new(word[..eq], word[(eq + 1)..]));
        }

        return true;
    }

    /// <summary>Parses an environment file: <c>NAME=value</c> lines, <c>#</c>/<c>;</c> comments, blank lines,
    /// an optional <c>export </c> prefix, single- or double-quoted values and backslash continuation lines.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="assignments">The assignments in order.</param>
    /// <param name="errors">One message per bad line, naming the file and line.</param>
    public static void ParseFile(string text, string path, out List<KeyValuePair<string, string>> assignments, out List<string> errors)
    {
        assignments = [];
        errors = [];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var lineNumber = n + 1;
            var line = lines[n];
            while (line.EndsWith('\\') && n + 1 < lines.Length && !IsInsideQuotes(line))
            {
                line = line[..^1] + lines[++n];
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed.StartsWith("export ", StringComparison.Ordinal))
            {
                trimmed = trimmed[7..].TrimStart();
            }

            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? trimmed : trimmed[..eq].TrimEnd();
            if (eq <= 0 || !ExecLineParser.IsName(name))
            {
                errors.Add($"{path}:{lineNumber}: '{trimmed}' is not a NAME=value assignment");
                continue;
            }

            var raw = trimmed[(eq + 1)..].TrimStart();
            // A quoted value may span lines.
            while (IsInsideQuotes(raw) && n + 1 < lines.Length)
            {
                raw += "\n" + lines[++n];
            }

            if (!TryUnquote(raw, out var value))
            {
                errors.Add($"{path}:{lineNumber}: unbalanced quotes in the value of {name}");
                continue;
            }

            assignments.Add(new(name, value));
        }
    }

    private static bool IsInsideQuotes(string text)
    {
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && quote != '\'')
            {
                i++;
            }
            else if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
        }

        return quote != '\0';
    }

    private static bool TryUnquote(string raw, out string value)
    {
        var builder = new StringBuilder();
        char quote = '\0';
        var pendingSpace = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    builder.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '"' or '\\' or '`' or '$')
                {
                    builder.Append(raw[++i]);
                }
                else if (c == '\\' && i + 1 < raw.Length && raw[i + 1] == '\n')
                {
                    i++;
                }
                else
                {
                    builder.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                builder.Append(pendingSpace);
                pendingSpace.Clear();
                quote = c;
            }
            else if (c == '\\' && i + 1 < raw.Length)
            {
                builder.Append(pendingSpace);
                pendingSpace.Clear();
                builder.Append(raw[++i]);
            }
            else if (char.IsWhiteSpace(c))
            {
                // Unquoted trailing whitespace is dropped; inner whitespace is kept.
                pendingSpace.Append(c);
            }
            else
            {
                builder.Append(pendingSpace);
                pendingSpace.Clear();
                builder.Append(c);
            }
        }

        value = builder.ToString();
        return quote == '\0';
    }
}
