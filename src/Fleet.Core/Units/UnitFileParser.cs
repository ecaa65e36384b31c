namespace Fleet.Core.Units;

/// <summary>go-systemd's unit file deserialisation (<c>unit.Deserialize</c>, reference §3.4), reporting every
/// problem with its line number instead of stopping at the first.</summary>
/// <remarks>
/// <para>Rules, as go-systemd applies them:</para>
/// <list type="bullet">
/// <item>Text before the first section is ignored, except that <c>#</c> or <c>;</c> starts a comment there
/// and the first <c>[</c> anywhere starts the first section header.</item>
/// <item><c>[Name]</c> opens a section; anything but whitespace after <c>]</c> is an error. Section names are
/// kept verbatim (not trimmed).</item>
/// <item>Inside a section, blank lines are skipped and lines whose first non-blank character is <c>#</c> or
/// <c>;</c> are comments; a comment whose end (minus one trailing space) is <c>\</c> also swallows the next
/// line.</item>
/// <item><c>Name=Value</c>: name and value trimmed; a line without <c>=</c> is an error.</item>
/// <item>A value line ending in <c>\</c> continues: the backslash is kept, <c>\n</c> is appended (unless
/// the line was the last of the text) and the next line is appended verbatim (so comment-looking lines are
/// kept) until a line that does not end in <c>\</c> or a blank line.</item>
/// <item>Lines of 2048 UTF-8 bytes or more are rejected (systemd's <c>LINE_MAX</c>).</item>
/// <item>Duplicates are kept, in file order.</item>
/// </list>
/// <para>Deliberate differences from go-systemd: a line ending is <c>\n</c> or <c>\r\n</c> (go-systemd keeps
/// the <c>\r</c>, which silently breaks continuations in CRLF files); a section header must end on its own
/// line (go-systemd reads across line breaks looking for <c>]</c>); parsing goes on after an error so that all
/// problems are reported together.</para>
/// </remarks>
public static class UnitFileParser
{
    /// <summary>systemd's line length limit in bytes; a line must be shorter.</summary>
    public const int MaxLineBytes = 2048;

    /// <summary>Parses unit file text.</summary>
    /// <param name="text">The unit file's content.</param>
    /// <returns>The unit file, or every problem found, each message starting with <c>line N: </c>.</returns>
    public static UnitFileParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new UnitFileReader(text);
        reader.ReadAll();
        return reader.Errors.Count > 0
            ? new UnitFileParseResult(null, reader.Errors)
            : new UnitFileParseResult(UnitFile.FromParsed(reader.Options), []);
    }
}
