using System.Text;

namespace Fleet.Core.Units;

/// <summary>One pass of <see cref="UnitFileParser"/> over a text: the line cursor, the current section and
/// what has been found so far.</summary>
internal sealed class UnitFileReader(string text)
{
    private const string NoNameMessage = "unexpected newline encountered while parsing option name";
    private readonly List<string> _sections = [];
    private int _position;
    private int _lineNumber;
    private bool _lastLineTooLong;
    private string? _section;

    /// <summary>Options found, in order.</summary>
    public List<UnitOption> Options { get; } = [];

    /// <summary>Problems found, each prefixed with its line.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Reads the whole text.</summary>
    public void ReadAll()
    {
        while (TryReadLine(out var line, out var last))
        {
            if (_lastLineTooLong)
            {
                continue;
            }

            if (_section is null)
            {
                ReadPreambleLine(line);
            }
            else
            {
                ReadSectionLine(line, last);
            }
        }
    }

    private void ReadPreambleLine(ReadOnlySpan<char> line)
    {
        var start = line.IndexOfAny('[', '#', ';');
        if (start < 0)
        {
            return;
        }

        if (line[start] == '[')
        {
            ReadSectionHeader(line[(start + 1)..]);
        }
        else
        {
            SkipComment(line[(start + 1)..]);
        }
    }

    private void ReadSectionLine(ReadOnlySpan<char> line, bool last)
    {
        var trimmed = line.TrimStart();
        if (trimmed.IsEmpty)
        {
            return;
        }

        switch (trimmed[0])
        {
            case '[':
                ReadSectionHeader(trimmed[1..]);
                break;
            case '#' or ';':
                SkipComment(trimmed[1..]);
                break;
            default:
                ReadOption(trimmed, last);
                break;
        }
    }

    private void ReadSectionHeader(ReadOnlySpan<char> rest)
    {
        var close = rest.IndexOf(']');
        if (close < 0)
        {
            AddError("unable to find end of section");
            return;
        }

        var name = Intern(rest[..close]);
        var garbage = rest[(close + 1)..].Trim();
        if (!garbage.IsEmpty)
        {
            AddError($"found garbage after section name {name}: {GoQuote.String(garbage.ToString())}");
        }

        // Enter the section even after an error so that its options are still checked.
        _section = name;
    }

    private void SkipComment(ReadOnlySpan<char> rest)
    {
        while (true)
        {
            if (rest.EndsWith(' '))
            {
                rest = rest[..^1]; // go-systemd trims exactly one trailing space here
            }

            if (!rest.EndsWith('\\') || !TryReadLine(out rest, out _))
            {
                return;
            }
        }
    }

    private void ReadOption(ReadOnlySpan<char> line, bool last)
    {
        var equals = line.IndexOf('=');
        if (equals < 0 || line[..equals].Contains('\r'))
        {
            AddError(NoNameMessage);
            return;
        }

        var name = line[..equals].Trim().ToString();
        var value = ReadValue(line[(equals + 1)..], last);
        Options.Add(new UnitOption(_section!, name, value));
    }

    private string ReadValue(ReadOnlySpan<char> first, bool last)
    {
        if (first.IsEmpty || first[^1] != '\\')
        {
            return first.Trim().ToString(); // the common case: no continuation
        }

        var builder = new StringBuilder();
        var line = first;
        while (true)
        {
            builder.Append(line);
            if (line[^1] != '\\')
            {
                break;
            }

            if (!last)
            {
                builder.Append('\n');
            }

            if (!TryReadLine(out line, out last) || line.Trim().IsEmpty)
            {
                break;
            }
        }

        var value = builder.ToString();
        return value.EndsWith('\n') ? string.Concat(value.AsSpan().Trim(), "\n") : value.Trim();
    }

    /// <summary>Reads the next physical line without its <c>\n</c> or <c>\r\n</c>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="last">True when the line is not followed by a line break (end of text).</param>
    private bool TryReadLine(out ReadOnlySpan<char> line, out bool last)
    {
        if (_position > text.Length)
        {
            line = default;
            last = true;
            return false;
        }

        var rest = text.AsSpan(_position);
        var end = rest.IndexOf('\n');
        last = end < 0;
        line = last ? rest : rest[..end];
        _position += last ? rest.Length + 1 : end + 1;
        _lineNumber++;
        if (line.EndsWith('\r'))
        {
            line = line[..^1];
        }

        _lastLineTooLong = IsTooLong(line);
        if (_lastLineTooLong)
        {
            AddError($"line too long (max {UnitFileParser.MaxLineBytes} bytes)");
        }

        return true;
    }

    private static bool IsTooLong(ReadOnlySpan<char> line) =>
        line.Length >= UnitFileParser.MaxLineBytes / 3 // below this even 3-byte characters cannot reach the limit
        && Encoding.UTF8.GetByteCount(line) >= UnitFileParser.MaxLineBytes;

    private string Intern(ReadOnlySpan<char> name)
    {
        foreach (var known in _sections)
        {
            if (name.SequenceEqual(known))
            {
                return known;
            }
        }

        var added = name.ToString();
        _sections.Add(added);
        return added;
    }

    private void AddError(string message) => Errors.Add($"line {_lineNumber}: {message}");
}
