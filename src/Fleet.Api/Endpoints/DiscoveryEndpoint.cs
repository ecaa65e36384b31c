using Fleet.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Endpoints;

/// <summary><c>GET /fleet/v1/discovery</c>: fleet's Google API Discovery document (<c>schema/v1.json</c>),
/// embedded in this assembly. Any other method is 400, as in fleet.</summary>
internal static class DiscoveryEndpoint
{
    private static readonly Lazy<byte[]> Document = new(Load);

    /// <summary>Serves the document.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        Task.FromResult<IResult>(HttpMethods.IsGet(context.Request.Method)
            ? new RawJsonResult(Document.Value)
            : FleetResults.Error(StatusCodes.Status400BadRequest, FleetMessages.OnlyHttpGet));

    /// <summary>The document's bytes.</summary>
    public static ReadOnlyMemory<byte> Bytes => Document.Value;

    private static byte[] Load()
    {
        using var stream = typeof(DiscoveryEndpoint).Assembly.GetManifestResourceStream("Fleet.Api.Discovery.v1.json")
            ?? throw new InvalidOperationException("The discovery document resource Fleet.Api.Discovery.v1.json is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class RawJsonResult(byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = FleetMediaTypes.Json;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
