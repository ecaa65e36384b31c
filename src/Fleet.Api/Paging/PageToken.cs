using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Fleet.Api.Paging;

/// <summary>fleet's opaque page token: base64 (URL alphabet, padded) of two little-endian <c>uint16</c>,
/// the page size and the 1-based page number. <c>ZAACAA==</c> is page 2 of 100.</summary>
/// <param name="Limit">Items per page; must equal the server's <c>token_limit</c>.</param>
/// <param name="Page">The 1-based page number.</param>
public readonly record struct PageToken(ushort Limit, ushort Page)
{
    /// <summary>The first page for a server whose page size is <paramref name="limit"/>.</summary>
    public static PageToken First(ushort limit) => new(limit, 1);

    /// <summary>The token of the page after this one.</summary>
    public PageToken Next() => this with { Page = (ushort)(Page + 1) };

    /// <summary>Encodes the token as fleet does.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, Limit);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], Page);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a token's bytes (not its limits; see <see cref="PageTokenReader"/>).</summary>
    /// <param name="text">The token text.</param>
    /// <param name="token">The token, when it decodes.</param>
    /// <param name="error">Why it does not, in the words of fleet's Go decoder.</param>
    public static bool TryDecode(string text, out PageToken token, [NotNullWhen(false)] out string? error)
    {
        token = default;
        if (!TryDecodeBase64Url(text, out var bytes, out error))
        {
            return false;
        }

        // Go's binary.Read: nothing at all is "EOF", a partial struct "unexpected EOF", extra bytes are ignored.
        if (bytes.Length < 4)
        {
            error = bytes.Length == 0 ? "EOF" : "unexpected EOF";
            return false;
        }

        token = new PageToken(
            BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
        return true;
    }

    private static bool TryDecodeBase64Url(string text, out byte[] bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = [];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var isPadding = c == '=' && i >= text.Length - 2 && text.Length % 4 == 0;
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' && !isPadding)
            {
                error = $"illegal base64 data at input byte {i}";
                return false;
            }
        }

        if (text.Length % 4 != 0)
        {
            // Go reports the offset where the incomplete quantum starts.
            error = $"illegal base64 data at input byte {text.Length - (text.Length % 4)}";
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        try
        {
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            error = $"illegal base64 data at input byte {text.IndexOf('=', StringComparison.Ordinal)}";
            return false;
        }

        error = null;
        return true;
    }
}
