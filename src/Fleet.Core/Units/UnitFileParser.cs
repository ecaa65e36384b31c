namespace Fleet.Core.Units;

/// <summary>go-systemd's unit file deserialisation (reference §3.4).</summary>
public static class UnitFileParser
{
    /// <summary>Parses unit file text. Placeholder: the full go-systemd rules land with issue 2.</summary>
    public static UnitFileParseResult Parse(string text)
    {
        var options = new List<UnitOption>();
        var errors = new List<string>();
        string? section = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.TrimStart('[').TrimEnd(']');
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (section is null)
            {
                continue;
            }

            if (eq < 0)
            {
                errors.Add($"line {i + 1}: unexpected newline encountered while parsing option name");
                continue;
            }

            options.Add(new UnitOption(section, line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }

        return errors.Count > 0 ? new(null, errors) : new(UnitFile.FromOptions(options), errors);
    }
}
