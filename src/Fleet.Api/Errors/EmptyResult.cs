using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Errors;

/// <summary>A status code without a body, optionally with <c>Content-Type: application/json</c> (fleet's
/// <c>PATCH /machines</c> answers 204 with that header).</summary>
internal sealed class EmptyResult(int statusCode, bool jsonContentType) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => statusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        if (jsonContentType)
        {
            httpContext.Response.ContentType = FleetMediaTypes.Json;
        }

        return Task.CompletedTask;
    }
}
