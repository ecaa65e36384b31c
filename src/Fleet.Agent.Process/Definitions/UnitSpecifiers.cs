using System.Text;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Expands systemd specifiers (<c>systemd.unit(5)</c> "Specifiers") derived from the unit name:
/// <c>%n %N %p %P %i %I %f %H %t %%</c>. Other specifiers are left as written and reported.</summary>
internal static class UnitSpecifiers
{
    /// <summary>Expands <paramref name="text"/> for <paramref name="name"/>; adds each unknown specifier to
    /// <paramref name="unknown"/>.</summary>
    public static string Expand(string text, UnitName name, ISet<string> unknown)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            var c = text[++i];
            switch (c)
            {
                case '%': builder.Append('%'); break;
                case 'n': builder.Append(name.Value); break;
                case 'N': builder.Append(name.NameWithoutType); break;
                case 'p': builder.Append(name.Prefix); break;
                case 'P': builder.Append(Unescape(name.Prefix)); break;
                case 'i': builder.Append(name.Instance); break;
                case 'I': builder.Append(Unescape(name.Instance)); break;
                case 'f': builder.Append('/').Append(Unescape(name.IsInstance ? name.Instance : name.Prefix)); break;
                case 'H': builder.Append(Environment.MachineName); break;
                case 't': builder.Append("/run"); break;
                default:
                    unknown.Add("%" + c);
                    builder.Append('%').Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>systemd's unit name unescaping: <c>-</c> becomes <c>/</c>, <c>\xNN</c> a byte.</summary>
    private static string Unescape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                builder.Append('/');
            }
            else if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x'
                && byte.TryParse(text.AsSpan(i + 2, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                builder.Append((char)b);
                i += 3;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
