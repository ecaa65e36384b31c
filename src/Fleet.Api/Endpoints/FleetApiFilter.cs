using Fleet.Api.Errors;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Endpoints;

/// <summary>Wraps every API endpoint: the <c>Server</c> header, the readiness gate (503), fleet's 404 for
/// paths with a trailing slash, and the mapping of failures to fleet's error bodies: an unreachable store is
/// 503 with <see cref="FleetApiOptions.RegistryUnavailableMessage"/>, anything else 500 with an empty message.</summary>
internal sealed partial class FleetApiFilter(IOptions<FleetApiOptions> options, FleetApiReadiness readiness, ILogger<FleetApiFilter> logger) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.Server = "fleetd/" + options.Value.ServerVersion;
        var path = http.Request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            return FleetResults.NotFoundPath();
        }

        if (!readiness.IsReady)
        {
            return FleetResults.Error(StatusCodes.Status503ServiceUnavailable, options.Value.RegistryUnavailableMessage);
        }

        try
        {
            return await next(context);
        }
        catch (RegistryUnavailableException ex)
        {
            Log.RegistryUnavailable(logger, ex, http.Request.Method, path);
            return FleetResults.Error(StatusCodes.Status503ServiceUnavailable, options.Value.RegistryUnavailableMessage);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (BadHttpRequestException ex)
        {
            Log.RequestRejected(logger, http.Request.Method, path, ex.StatusCode, ex.Message);
            return FleetResults.Error(ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? FleetMessages.BodyTooLarge(options.Value.MaxRequestBodyBytes)
                : ex.Message);
        }
        catch (Exception ex)
        {
            Log.UnhandledFailure(logger, ex, http.Request.Method, path);
            return FleetResults.Error(StatusCodes.Status500InternalServerError);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ApiEventIds.RegistryUnavailable, Level = LogLevel.Warning,
            Message = "HTTP {Method} {Path}: the store is unreachable; answered 503")]
        public static partial void RegistryUnavailable(ILogger logger, Exception exception, string method, string path);

        [LoggerMessage(EventId = ApiEventIds.UnhandledFailure, Level = LogLevel.Error,
            Message = "HTTP {Method} {Path} failed; answered 500")]
        public static partial void UnhandledFailure(ILogger logger, Exception exception, string method, string path);

        [LoggerMessage(EventId = ApiEventIds.RequestRejected, Level = LogLevel.Debug,
            Message = "HTTP {Method} {Path} rejected with {StatusCode}: {Reason}")]
        public static partial void RequestRejected(ILogger logger, string method, string path, int statusCode, string reason);
    }
}
