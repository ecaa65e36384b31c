using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Fleet.Core.Machines;

/// <summary>A machine's identity: the content of <c>/etc/machine-id</c> (normally 32 lower-case hex
/// characters) or the <c>machine_id</c> option.</summary>
/// <remarks>fleet never validated the form; we accept 1..128 characters of <c>[A-Za-z0-9._-]</c> so that
/// an ID is always safe as a key segment and a file name.</remarks>
public readonly record struct MachineId : IComparable<MachineId>
{
    /// <summary>The characters an ID may hold (vectorised check: a new leader parses 100,000 IDs in its load).</summary>
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    private readonly string? _value;

    private MachineId(string value) => _value = value;

    /// <summary>The ID as text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The first 8 characters (fleetctl's legend and <c>MachineID=</c>'s short form).</summary>
    public string ShortId => Value.Length <= 8 ? Value : Value[..8];

    /// <summary>Parses a machine ID.</summary>
    /// <returns><see langword="false"/> when <paramref name="text"/> is empty, too long or has a character
    /// outside <c>[A-Za-z0-9._-]</c>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out MachineId id)
    {
        var ok = text is { Length: > 0 and <= 128 } && !text.AsSpan().ContainsAnyExcept(Allowed) && text is not "." and not "..";
        id = ok ? new MachineId(text!) : default; // ok implies text is non-null
        return ok;
    }

    /// <summary>Parses a machine ID or throws <see cref="FormatException"/> naming the problem.</summary>
    public static MachineId Parse(string text) => TryParse(text, out var id)
        ? id
        : throw new FormatException($"'{text}' is not a machine ID (1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '-').");

    /// <summary>True when <paramref name="required"/> names this machine by its full or 8-character short ID.</summary>
    public bool Matches(string required) =>
        string.Equals(required, Value, StringComparison.Ordinal)
        || (Value.Length > 8 && string.Equals(required, ShortId, StringComparison.Ordinal));

    /// <inheritdoc />
    public int CompareTo(MachineId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <(MachineId left, MachineId right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <=(MachineId left, MachineId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >(MachineId left, MachineId right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >=(MachineId left, MachineId right) => left.CompareTo(right) >= 0;
}
