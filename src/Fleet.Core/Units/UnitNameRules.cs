using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Fleet.Core.Units;

/// <summary>fleet's unit name rules (<c>api.ValidateName</c>, reference §3.1) with its messages, plus two
/// rules of our own that keep a name safe and meaningful as a file name.</summary>
/// <remarks>
/// <para>fleet's rules, checked in this order: 1..256 bytes; contains <c>.</c> and does not end in it; the
/// type (after the last dot) is one systemd knows; names with <c>@</c> only for path, service, socket, target
/// and timer; every character before the last dot in <c>[A-Za-z0-9:_.@\-]</c> or a backslash; does not start
/// with <c>@</c>. Together these already rule out <c>/</c>, NUL and every control character, so no name can
/// climb out of a directory (a path component of <c>..</c> would need a <c>/</c>).</para>
/// <para>Ours: (1) a backslash is accepted only as the start of a systemd <c>\xNN</c> escape
/// (<c>mnt-my\x2ddisk.mount</c>, as <c>systemd-escape</c> writes); fleet allowed any backslash, which is a path
/// separator on Windows. (2) Something must come before the type (<c>.service</c> alone is rejected, as
/// systemd rejects it).</para>
/// </remarks>
internal static class UnitNameRules
{
    /// <summary>Longest name in bytes (systemd's <c>UNIT_NAME_MAX</c>).</summary>
    public const int MaxLength = 256;

    private static readonly FrozenSet<string> UnitTypes = FrozenSet.Create(StringComparer.Ordinal,
        "automount", "busname", "device", "mount", "path", "scope", "service", "slice", "snapshot", "socket",
        "swap", "target", "timer");

    /// <summary>Every character <see cref="IsAllowed"/> accepts (vectorised check of the common, valid case).</summary>
    private static readonly SearchValues<char> AllowedCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:-_.\\@");

    private static readonly FrozenSet<string> TemplateTypes = FrozenSet.Create(StringComparer.Ordinal,
        "path", "service", "socket", "target", "timer");

    /// <summary>Returns the message for the first rule <paramref name="text"/> breaks, or null if valid.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "unit name cannot be empty";
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxLength)
        {
            return $"unit name exceeds maximum length ({MaxLength})";
        }

        var dot = text.LastIndexOf('.');
        if (dot < 0)
        {
            return "unit name must contain \".\"";
        }

        if (dot == text.Length - 1)
        {
            return "unit name cannot end in \".\"";
        }

        return ValidateType(text, dot) ?? ValidateCharacters(text.AsSpan(0, dot)) ?? ValidateShape(text, dot);
    }

    private static string? ValidateType(string text, int dot)
    {
        var type = text[(dot + 1)..];
        if (!UnitTypes.Contains(type))
        {
            return $"invalid unit type: {GoQuote.String(type)}";
        }

        return text.AsSpan(0, dot).Contains('@') && !TemplateTypes.Contains(type)
            ? $"invalid unit type for template: {GoQuote.String(type)}"
            : null;
    }

    private static string? ValidateCharacters(ReadOnlySpan<char> stem)
    {
        if (!stem.ContainsAnyExcept(AllowedCharacters))
        {
            return null;
        }

        foreach (var rune in stem.EnumerateRunes())
        {
            if (!(rune.IsAscii && IsAllowed((char)rune.Value)))
            {
                return $"invalid character {GoQuote.Char(rune)} in unit name";
            }
        }

        return null;
    }

    private static string? ValidateShape(string text, int dot)
    {
        if (text[0] == '@')
        {
            return "unit name cannot start in \"@\"";
        }

        if (dot == 0)
        {
            return $"unit name has nothing before the type \"{text}\"";
        }

        var backslash = text.IndexOf('\\', StringComparison.Ordinal);
        while (backslash >= 0)
        {
            if (!IsHexEscape(text.AsSpan(backslash, dot - backslash)))
            {
                return "invalid backslash in unit name: a backslash may only start a systemd \"\\xNN\" escape (it is a path separator on some systems)";
            }

            backslash = text.IndexOf('\\', backslash + 1);
        }

        return null;
    }

    private static bool IsHexEscape(ReadOnlySpan<char> escape) =>
        escape.Length >= 4 && escape[1] == 'x' && char.IsAsciiHexDigit(escape[2]) && char.IsAsciiHexDigit(escape[3]);

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@';
}
