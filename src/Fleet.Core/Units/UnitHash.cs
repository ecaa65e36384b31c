using System.Security.Cryptography;
using System.Text;

namespace Fleet.Core.Units;

/// <summary>SHA-1 of a unit file's serialised form: fleet's unit identity.</summary>
public readonly record struct UnitHash
{
    private readonly string? _hex;

    private UnitHash(string hex) => _hex = hex;

    /// <summary>40 lower-case hex characters.</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>The first 7 hex characters, as fleetctl prints by default.</summary>
    public string ShortHex => Hex.Length >= 7 ? Hex[..7] : Hex;

    /// <summary>Hashes the serialised bytes of a unit file.</summary>
    /// <remarks>SHA-1 is fleet's wire contract for unit identity, not a security measure.</remarks>
#pragma warning disable CA5350 // fleet's unit hash is SHA-1 by contract; it authenticates nothing.
    public static UnitHash Of(string serialised) =>
        new(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(serialised))));
#pragma warning restore CA5350

    /// <summary>Parses 40 hex characters (either case).</summary>
    public static bool TryParse(string? text, out UnitHash hash)
    {
        var ok = text is { Length: 40 } && text.All(char.IsAsciiHexDigit);
        hash = ok ? new UnitHash(text!.ToLowerInvariant()) : default; // ok implies text is non-null
        return ok;
    }

    /// <inheritdoc />
    public override string ToString() => Hex;
}
