using System.Globalization;
using System.Text;

namespace Fleet.Core.Units;

/// <summary>Go's <c>%q</c> formatting (<c>strconv.Quote</c>/<c>QuoteRune</c>), so that messages match fleet's
/// byte for byte.</summary>
internal static class GoQuote
{
    /// <summary>A double-quoted Go string literal.</summary>
    public static string String(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            Append(builder, rune, '"');
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A single-quoted Go rune literal (<c>%q</c> of a rune).</summary>
    public static string Char(Rune rune) => Append(new StringBuilder("'"), rune, '\'').Append('\'').ToString();

    private static StringBuilder Append(StringBuilder builder, Rune rune, char quote)
    {
        var value = rune.Value;
        switch (value)
        {
            case '\a': return builder.Append("\\a");
            case '\b': return builder.Append("\\b");
            case '\f': return builder.Append("\\f");
            case '\n': return builder.Append("\\n");
            case '\r': return builder.Append("\\r");
            case '\t': return builder.Append("\\t");
            case '\v': return builder.Append("\\v");
            case '\\': return builder.Append("\\\\");
        }

        if (value == quote)
        {
            return builder.Append('\\').Append(quote);
        }

        if (IsPrintable(rune))
        {
            return builder.Append(rune.ToString());
        }

        return value switch
        {
            < 0x80 => builder.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}"),
            < 0x10000 => builder.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}"),
            _ => builder.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}"),
        };
    }

    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
