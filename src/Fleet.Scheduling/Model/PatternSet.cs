using System.Collections.Immutable;
using Fleet.Core.Units;

namespace Fleet.Scheduling.Model;

/// <summary>A unit's <c>Conflicts=</c> or <c>Replaces=</c> globs, with literal patterns split off so that
/// the common case is a string comparison.</summary>
internal sealed class PatternSet
{
    public static readonly PatternSet Empty = new([], []);

    private readonly string[] _literals;
    private readonly string[] _globs;

    private PatternSet(string[] literals, string[] globs)
    {
        _literals = literals;
        _globs = globs;
    }

    public bool IsEmpty => _literals.Length == 0 && _globs.Length == 0;

    public static PatternSet From(ImmutableArray<string> patterns)
    {
        if (patterns.IsDefaultOrEmpty)
        {
            return Empty;
        }

        var literals = patterns.Where(UnitNameGlob.IsLiteral).Distinct(StringComparer.Ordinal).ToArray();
        var globs = patterns.Where(p => !UnitNameGlob.IsLiteral(p) && UnitNameGlob.IsWellFormed(p))
            .Distinct(StringComparer.Ordinal).ToArray();
        return new PatternSet(literals, globs);
    }

    public bool Matches(string name)
    {
        foreach (var literal in _literals)
        {
            if (string.Equals(literal, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var glob in _globs)
        {
            if (UnitNameGlob.IsMatch(glob, name))
            {
                return true;
            }
        }

        return false;
    }
}
