using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Api.Errors;

/// <summary>Writes a status code and a JSON body with <c>Content-Type: application/json</c>, exactly as
/// fleet's <c>sendResponse</c> does (no charset parameter), gzip-compressed when the client accepts gzip and
/// the body is at least <see cref="FleetApiOptions.GzipMinimumBytes"/> long.</summary>
/// <typeparam name="T">The body type.</typeparam>
internal sealed class FleetJsonResult<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => statusCode;

    /// <summary>The body.</summary>
    public T Value => value;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = FleetMediaTypes.Json;
        var minimum = httpContext.RequestServices.GetService<IOptions<FleetApiOptions>>()?.Value.GzipMinimumBytes ?? int.MaxValue;
        if (body.Length >= minimum && AcceptsGzip(httpContext.Request))
        {
            response.Headers.ContentEncoding = "gzip";
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            body = Gzip(body);
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }
}
