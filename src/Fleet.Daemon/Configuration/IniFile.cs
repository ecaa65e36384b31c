namespace Fleet.Daemon.Configuration;

/// <summary>fleet's <c>fleet.conf</c> format (globalconf/goini): global-level <c>key=value</c> lines;
/// values <c>"v"</c>, <c>'v'</c> or bare (a bare value stops at <c>#</c> or <c>;</c>); <c>#</c>/<c>;</c>
/// comment lines; a trailing <c>\</c> joins the next line. Keys inside <c>[sections]</c> are ignored,
/// as fleet reads only the global section.</summary>
internal static class IniFile
{
    /// <summary>Parses the text.</summary>
    /// <param name="text">File content.</param>
    /// <param name="path">File path, used in error messages.</param>
    /// <param name="errors">Receives one message per malformed line.</param>
    /// <returns>Global-level keys (lower-cased) and their values; later duplicates win.</returns>
    public static Dictionary<string, string> Parse(string text, string path, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var inSection = false;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + lines[++i].Trim();
            }

            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                inSection = true;
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"{path}:{number}: expected key=value, found \"{line}\"");
                continue;
            }

            if (inSection)
            {
                continue;
            }

            var key = line[..eq].Trim().ToLowerInvariant();
            values[key] = Unquote(line[(eq + 1)..].Trim());
        }

        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            return value[1..^1];
        }

        var comment = value.IndexOfAny(['#', ';']);
        return comment < 0 ? value : value[..comment].TrimEnd();
    }
}
