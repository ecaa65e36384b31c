using Fleet.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Endpoints;

/// <summary>Reads a request body whole, refusing bodies over the configured limit with 413.</summary>
internal static class RequestBody
{
    /// <summary>Reads at most <paramref name="limit"/> bytes.</summary>
    /// <returns>The body, or the 413 result when it is larger.</returns>
    public static async Task<(byte[]? Body, IResult? Error)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, FleetResults.Error(StatusCodes.Status413PayloadTooLarge, FleetMessages.BodyTooLarge(limit)));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, FleetResults.Error(StatusCodes.Status413PayloadTooLarge, FleetMessages.BodyTooLarge(limit)));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }
}
