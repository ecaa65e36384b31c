using System.Collections.Immutable;

namespace Fleet.Core.Units;

/// <summary>go-systemd's <c>unit.Serialize</c>, written to allocate only the result string.</summary>
internal static class UnitFileSerializer
{
    /// <summary>Serialises <paramref name="options"/>; see <see cref="UnitFile.Serialize"/>.</summary>
    public static string Serialize(ImmutableArray<UnitOption> options)
    {
        if (options.IsEmpty)
        {
            return string.Empty;
        }

        var sections = DistinctSections(options);
        var length = sections.Length - 1;
        foreach (var section in sections)
        {
            length += section.Length + 3;
        }

        foreach (var option in options)
        {
            length += option.Name.Length + option.Value.Length + 2;
        }

        return string.Create(length, (options, sections), static (span, state) =>
        {
            var written = 0;
            for (var i = 0; i < state.sections.Length; i++)
            {
                var section = state.sections[i];
                if (i > 0)
                {
                    span[written++] = '\n';
                }

                Write(span, ref written, "[", section, "]\n");
                foreach (var option in state.options)
                {
                    if (SameSection(option.Section, section))
                    {
                        Write(span, ref written, option.Name, "=", option.Value);
                        span[written++] = '\n';
                    }
                }
            }
        });
    }

    private static string[] DistinctSections(ImmutableArray<UnitOption> options)
    {
        var sections = new List<string>(4);
        foreach (var option in options)
        {
            if (!sections.Exists(s => SameSection(s, option.Section)))
            {
                sections.Add(option.Section);
            }
        }

        return [.. sections];
    }

    private static bool SameSection(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private static void Write(Span<char> span, ref int written, string a, string b, string c)
    {
        a.CopyTo(span[written..]);
        written += a.Length;
        b.CopyTo(span[written..]);
        written += b.Length;
        c.CopyTo(span[written..]);
        written += c.Length;
    }
}
