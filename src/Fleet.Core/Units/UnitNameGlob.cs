namespace Fleet.Core.Units;

/// <summary>Glob matching of unit names with Go's <c>path.Match</c> semantics, as fleet uses for
/// <c>Conflicts=</c> and <c>Replaces=</c> (reference §3.2).</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>*</c> matches any run of characters except <c>/</c>;</item>
/// <item><c>?</c> matches one character except <c>/</c>;</item>
/// <item><c>[abc]</c>, <c>[a-z]</c>, <c>[^a-z]</c> match one character in (or, with <c>^</c>, not in) the class;</item>
/// <item><c>\c</c> matches the character <c>c</c> literally (also inside a class).</item>
/// </list>
/// A malformed pattern (an unclosed or empty class, a range missing an end, a trailing <c>\</c>) matches
/// nothing: fleet logs Go's <c>ErrBadPattern</c> and treats it as no match. Characters are compared
/// ordinally as UTF-16 code units (unit names are ASCII).
/// </remarks>
public static class UnitNameGlob
{
    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return IsWellFormed(pattern) && Match(pattern, name);
    }

    /// <summary>True when <paramref name="pattern"/> has no glob syntax at all, so that it only matches
    /// itself (callers use this to compare literal patterns by equality).</summary>
    public static bool IsLiteral(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.AsSpan().IndexOfAny("*?[\\") < 0;
    }

    /// <summary>True when every class and escape in <paramref name="pattern"/> is complete.</summary>
    public static bool IsWellFormed(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var p = pattern.AsSpan();
        while (p.Length > 0)
        {
            switch (p[0])
            {
                case '\\':
                    if (p.Length < 2)
                    {
                        return false;
                    }

                    p = p[2..];
                    break;
                case '[':
                    if (!TryMatchClass(ref p, null, out _))
                    {
                        return false;
                    }

                    break;
                default:
                    p = p[1..];
                    break;
            }
        }

        return true;
    }

    // Port of Go's path.Match for a well-formed pattern: the pattern is a series of chunks, each
    // optionally preceded by stars; a star chunk is tried at every offset that does not skip a '/'.
    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (pattern.Length > 0)
        {
            var star = ScanChunk(ref pattern, out var chunk);
            if (star && chunk.Length == 0)
            {
                return name.IndexOf('/') < 0;
            }

            if (MatchChunk(chunk, name, out var rest) && (rest.Length == 0 || pattern.Length > 0))
            {
                name = rest;
                continue;
            }

            if (!star || !TryStarOffsets(chunk, pattern.Length == 0, ref name))
            {
                return false;
            }
        }

        return name.Length == 0;
    }

    private static bool TryStarOffsets(scoped ReadOnlySpan<char> chunk, bool lastChunk, ref ReadOnlySpan<char> name)
    {
        for (var i = 0; i < name.Length && name[i] != '/'; i++)
        {
            if (MatchChunk(chunk, name[(i + 1)..], out var rest) && !(lastChunk && rest.Length > 0))
            {
                name = rest;
                return true;
            }
        }

        return false;
    }

    private static bool ScanChunk(ref ReadOnlySpan<char> pattern, out ReadOnlySpan<char> chunk)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        chunk = pattern[..i];
        pattern = pattern[i..];
        return star;
    }

    private static bool MatchChunk(scoped ReadOnlySpan<char> chunk, ReadOnlySpan<char> s, out ReadOnlySpan<char> rest)
    {
        rest = default;
        while (chunk.Length > 0)
        {
            if (s.Length == 0)
            {
                return false;
            }

            switch (chunk[0])
            {
                case '[':
                    if (!TryMatchClass(ref chunk, s[0], out var inClass) || !inClass)
                    {
                        return false;
                    }

                    break;
                case '?':
                    if (s[0] == '/')
                    {
                        return false;
                    }

                    chunk = chunk[1..];
                    break;
                default:
                    var literal = chunk[0] == '\\' ? chunk[1] : chunk[0];
                    if (literal != s[0])
                    {
                        return false;
                    }

                    chunk = chunk[(chunk[0] == '\\' ? 2 : 1)..];
                    break;
            }

            s = s[1..];
        }

        rest = s;
        return true;
    }

    // Parses the class at the start of `chunk` ("[...]"), advancing past it. Returns false when it is
    // malformed; `matched` says whether `c` (when given) is in the class, negation applied.
    private static bool TryMatchClass(ref ReadOnlySpan<char> chunk, char? c, out bool matched)
    {
        matched = false;
        chunk = chunk[1..];
        var negated = chunk.Length > 0 && chunk[0] == '^';
        if (negated)
        {
            chunk = chunk[1..];
        }

        var hit = false;
        for (var ranges = 0; ; ranges++)
        {
            if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
            {
                chunk = chunk[1..];
                break;
            }

            if (!TryGetEscaped(ref chunk, out var lo))
            {
                return false;
            }

            var hi = lo;
            if (chunk[0] == '-' && !TryGetEscaped(ref chunk, out hi, skipDash: true))
            {
                return false;
            }

            hit |= c is { } ch && lo <= ch && ch <= hi;
        }

        matched = hit != negated;
        return true;
    }

    // Go's getEsc: one (possibly escaped) class character that must be followed by more pattern.
    private static bool TryGetEscaped(ref ReadOnlySpan<char> chunk, out char value, bool skipDash = false)
    {
        value = default;
        if (skipDash)
        {
            chunk = chunk[1..];
        }

        if (chunk.Length == 0 || chunk[0] is '-' or ']')
        {
            return false;
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.Length == 0)
            {
                return false;
            }
        }

        value = chunk[0];
        chunk = chunk[1..];
        return chunk.Length > 0;
    }
}
