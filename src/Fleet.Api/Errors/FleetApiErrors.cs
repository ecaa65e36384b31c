using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Errors;

/// <summary>fleet's error answers for routes a host adds beside the API (e.g. fleetd's journal and status
/// routes): <c>{"error":{"code":N,"message":"..."}}</c> with <c>Content-Type: application/json</c>.</summary>
public static class FleetApiErrors
{
    /// <summary>An error result with <paramref name="statusCode"/> and <paramref name="message"/>.</summary>
    /// <param name="statusCode">The HTTP status, repeated as <c>code</c> in the body.</param>
    /// <param name="message">One line saying what is wrong.</param>
    public static IResult Error(int statusCode, string message) => FleetResults.Error(statusCode, message);
}
