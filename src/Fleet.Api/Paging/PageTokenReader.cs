using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Paging;

/// <summary>Reads and checks the <c>nextPageToken</c> query parameter of a list request.</summary>
internal static class PageTokenReader
{
    /// <summary>The query parameter carrying the token.</summary>
    public const string ParameterName = "nextPageToken";

    /// <summary>Returns the requested page: the first when no token is given, else the decoded token.</summary>
    /// <param name="query">The request's query.</param>
    /// <param name="limit">The server's page size (<c>token_limit</c>).</param>
    /// <param name="token">The page to serve.</param>
    /// <param name="error">fleet's 400 message when the token is unusable.</param>
    public static bool TryRead(IQueryCollection query, ushort limit, out PageToken token, out string? error)
    {
        token = PageToken.First(limit);
        error = null;
        if (!query.TryGetValue(ParameterName, out var values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            error = "too many values for page token";
            return false;
        }

        if (!PageToken.TryDecode(values[0] ?? string.Empty, out var decoded, out error))
        {
            return false;
        }

        if (decoded.Limit != limit)
        {
            error = $"token limit must be {limit}";
            return false;
        }

        if (decoded.Page == 0)
        {
            error = "token page must be greater than zero";
            return false;
        }

        token = decoded;
        return true;
    }
}
