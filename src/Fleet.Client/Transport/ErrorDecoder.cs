using System.Text.Json;
using Fleet.Client.Contracts;

namespace Fleet.Client.Transport;

/// <summary>Turns an error response into a <see cref="FleetApiException"/>.</summary>
internal static class ErrorDecoder
{
    private const int MaxPlainMessage = 200;

    /// <summary>Decodes <c>{"error":{"code":..,"message":..}}</c>; a body in another form becomes the
    /// message (first line, shortened), an empty body the reason phrase.</summary>
    public static FleetApiException Decode(int statusCode, string? reasonPhrase, string body)
    {
        try
        {
            var decoded = JsonSerializer.Deserialize(body, FleetJsonContext.Default.ErrorResponse);
            if (decoded?.Error is { } error)
            {
                return new FleetApiException(error.Code != 0 ? error.Code : statusCode, error.Message ?? string.Empty);
            }
        }
        catch (JsonException)
        {
            // Not fleet's error format: fall through to the plain-text form.
        }

        var firstLine = body.Split('\n', 2)[0].Trim();
        if (firstLine.Length > MaxPlainMessage)
        {
            firstLine = firstLine[..MaxPlainMessage] + "...";
        }

        return new FleetApiException(statusCode, firstLine.Length > 0 ? firstLine : reasonPhrase ?? string.Empty);
    }
}
