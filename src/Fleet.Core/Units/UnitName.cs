using System.Diagnostics.CodeAnalysis;

namespace Fleet.Core.Units;

/// <summary>A validated unit name such as <c>hello.service</c>, <c>hello@.service</c> (template) or
/// <c>hello@1.service</c> (instance).</summary>
/// <remarks>Validation follows fleet's rules and messages (reference §3.1) and also rejects anything that
/// could escape a directory when the name is used as a file name.</remarks>
public readonly record struct UnitName : IComparable<UnitName>
{
    private readonly string? _value;

    private UnitName(string value) => _value = value;

    /// <summary>The name as text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The unit type: the text after the last dot (<c>service</c>).</summary>
    public string UnitType => Value[(Value.LastIndexOf('.') + 1)..];

    /// <summary>Everything before the last dot (<c>hello@1</c>).</summary>
    public string NameWithoutType => Value[..Value.LastIndexOf('.')];

    /// <summary>Text before the first <c>@</c>, or <see cref="NameWithoutType"/> when there is none.</summary>
    public string Prefix
    {
        get
        {
            var stem = NameWithoutType;
            var at = stem.IndexOf('@', StringComparison.Ordinal);
            return at < 0 ? stem : stem[..at];
        }
    }

    /// <summary>Text after the first <c>@</c> (empty for templates and plain units).</summary>
    public string Instance
    {
        get
        {
            var stem = NameWithoutType;
            var at = stem.IndexOf('@', StringComparison.Ordinal);
            return at < 0 ? string.Empty : stem[(at + 1)..];
        }
    }

    /// <summary>True for <c>foo@.service</c>.</summary>
    public bool IsTemplate => NameWithoutType.Contains('@', StringComparison.Ordinal) && Instance.Length == 0;

    /// <summary>True for <c>foo@bar.service</c>.</summary>
    public bool IsInstance => Instance.Length > 0;

    /// <summary>For an instance, the template's name (<c>foo@.service</c>); otherwise null.</summary>
    public UnitName? Template => IsInstance ? new UnitName($"{Prefix}@.{UnitType}") : null;

    /// <summary>Validates a unit name.</summary>
    /// <param name="text">The candidate name.</param>
    /// <param name="name">The name, when valid.</param>
    /// <param name="error">fleet's message for the first rule broken, when invalid.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out UnitName name, [NotNullWhen(false)] out string? error)
    {
        error = UnitNameRules.Validate(text);
        name = error is null ? new UnitName(text!) : default; // a null error implies non-null text
        return error is null;
    }

    /// <summary>Parses a unit name or throws <see cref="FormatException"/> with fleet's message.</summary>
    public static UnitName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    /// <inheritdoc />
    public int CompareTo(UnitName other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <(UnitName left, UnitName right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <=(UnitName left, UnitName right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >(UnitName left, UnitName right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >=(UnitName left, UnitName right) => left.CompareTo(right) >= 0;
}
