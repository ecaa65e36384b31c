namespace Fleet.Api.Validation;

/// <summary>Go's <c>path.Match</c>: <c>*</c> (any run of non-<c>/</c> characters), <c>?</c> (one
/// non-<c>/</c> character), <c>[...]</c> classes with ranges and <c>^</c> negation, <c>\</c> escapes.</summary>
internal static class GoGlob
{
    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/>; a malformed pattern matches nothing.</summary>
    public static bool IsMatch(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                for (var k = si; k <= s.Length; k++)
                {
                    if (Match(p, pi + 1, s, k))
                    {
                        return true;
                    }

                    if (k < s.Length && s[k] == '/')
                    {
                        return false;
                    }
                }

                return false;
            }

            if (si >= s.Length || s[si] == '/' && c != '/')
            {
                return false;
            }

            if (c == '?')
            {
                pi++;
            }
            else if (c == '[')
            {
                var end = MatchClass(p, pi + 1, s[si], out var matched);
                if (end < 0 || !matched)
                {
                    return false;
                }

                pi = end;
            }
            else
            {
                if (c == '\\' && pi + 1 < p.Length)
                {
                    c = p[++pi];
                }

                if (c != s[si])
                {
                    return false;
                }

                pi++;
            }

            si++;
        }

        return si == s.Length;
    }

    /// <returns>The index after the closing <c>]</c>, or -1 when the class is malformed.</returns>
    private static int MatchClass(string p, int i, char c, out bool matched)
    {
        matched = false;
        var negate = i < p.Length && p[i] == '^';
        if (negate)
        {
            i++;
        }

        var first = true;
        while (i < p.Length && (first || p[i] != ']'))
        {
            first = false;
            var lo = p[i] == '\\' && i + 1 < p.Length ? p[++i] : p[i];
            i++;
            var hi = lo;
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                hi = p[i + 1] == '\\' && i + 2 < p.Length ? p[i + 2] : p[i + 1];
                i += p[i + 1] == '\\' ? 3 : 2;
            }

            matched |= lo <= c && c <= hi;
        }

        if (i >= p.Length)
        {
            return -1;
        }

        matched ^= negate;
        return i + 1;
    }
}
