using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Core.Units;

/// <summary>SHA-1 of a unit file's serialised form: fleet's unit identity.</summary>
public readonly record struct UnitHash
{
    /// <summary>Hex digits of either case (vectorised check: a new leader parses 200,000 hashes in its load).</summary>
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string? _hex;

    private const int StackLimit = 1024;

    private UnitHash(string hex) => _hex = hex;

    /// <summary>40 lower-case hex characters.</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>The first 7 hex characters, as fleetctl prints by default.</summary>
    public string ShortHex => Hex.Length >= 7 ? Hex[..7] : Hex;

    /// <summary>Hashes the serialised bytes of a unit file.</summary>
    /// <remarks>SHA-1 is fleet's wire contract for unit identity, not a security measure.</remarks>
#pragma warning disable CA5350 // fleet's unit hash is SHA-1 by contract; it authenticates nothing.
    public static UnitHash Of(string serialised)
    {
        ArgumentNullException.ThrowIfNull(serialised);
        var byteCount = Encoding.UTF8.GetByteCount(serialised);
        var rented = byteCount > StackLimit ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        try
        {
            var bytes = rented is null ? stackalloc byte[StackLimit] : rented;
            var written = Encoding.UTF8.GetBytes(serialised, bytes);
            Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
            SHA1.HashData(bytes[..written], digest);
            return new UnitHash(Convert.ToHexStringLower(digest));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

#pragma warning restore CA5350

    /// <summary>Parses 40 hex characters (either case).</summary>
    public static bool TryParse(string? text, out UnitHash hash)
    {
        var ok = text is { Length: 40 } && !text.AsSpan().ContainsAnyExcept(HexDigits);
        hash = ok ? new UnitHash(text!.ToLowerInvariant()) : default; // ok implies text is non-null
        return ok;
    }

    /// <inheritdoc />
    public override string ToString() => Hex;
}
