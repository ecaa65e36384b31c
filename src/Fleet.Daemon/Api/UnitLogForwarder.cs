using Fleet.Api.Errors;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Api;

/// <summary>Proxies a journal or status request to the API of the machine that runs the unit, streaming the
/// answer back (line by line while following a journal).</summary>
/// <remarks>Contract: the owner's status code, <c>Content-Type</c> and body are passed through unchanged; a
/// forwarded request carries <see cref="ForwardedByHeader"/> so the owner answers itself and never forwards
/// again; an owner that cannot be connected to is 502 and one that does not answer within
/// <see cref="AnswerTimeout"/> 504, both naming the machine and its endpoint. A stream that breaks after the
/// answer started is ended by aborting the client's connection.</remarks>
internal sealed partial class UnitLogForwarder : IDisposable
{
    /// <summary>The request header marking a forwarded request; its value is the forwarding machine's ID.</summary>
    public const string ForwardedByHeader = "X-Fleet-Forwarded-By";

    /// <summary>How long the owner may take to start answering (a followed journal may then stream forever).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ILocalMachine _local;
    private readonly TimeProvider _time;
    private readonly ILogger<UnitLogForwarder> _logger;

    /// <summary>Creates the forwarder with its own connection pool.</summary>
    public UnitLogForwarder(ILocalMachine local, TimeProvider time, ILogger<UnitLogForwarder> logger)
    {
        _local = local;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Forwards the current request for <paramref name="unit"/>'s <paramref name="resource"/>
    /// (<c>journal</c> or <c>status</c>) to <paramref name="owner"/> and copies the answer to the response.</summary>
    public async Task<IResult> ForwardAsync(HttpContext context, MachineState owner, UnitName unit, string resource, CancellationToken cancellationToken)
    {
        var endpoint = owner.ApiEndpoint.TrimEnd('/');
        if (!Uri.TryCreate($"{endpoint}/fleet/v1/units/{Uri.EscapeDataString(unit.Value)}/{resource}{context.Request.QueryString}", UriKind.Absolute, out var url))
        {
            return FleetApiErrors.Error(StatusCodes.Status502BadGateway,
                $"machine {owner.Id} running unit {unit} publishes an invalid API endpoint \"{owner.ApiEndpoint}\"");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(ForwardedByHeader, _local.Current.Id.Value);
        Log.Forwarding(_logger, resource, unit.Value, owner.Id.Value, url);
        HttpResponseMessage response;
        using (var answer = new CancellationTokenSource(AnswerTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answer.Token))
        {
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (HttpRequestException ex)
            {
                Log.OwnerUnreachable(_logger, ex, owner.Id.Value, endpoint);
                return FleetApiErrors.Error(StatusCodes.Status502BadGateway,
                    $"machine {owner.Id} running unit {unit} is unreachable at {endpoint}: {ex.Message}");
            }
            catch (OperationCanceledException) when (answer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return FleetApiErrors.Error(StatusCodes.Status504GatewayTimeout,
                    $"machine {owner.Id} running unit {unit} did not answer within {AnswerTimeout.TotalSeconds:0} s at {endpoint}");
            }
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[8192];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                Log.StreamBroken(_logger, ex, owner.Id.Value, endpoint);
                context.Abort();
            }
        }

        return Results.Empty;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Forwarding {Resource} of {Unit} to machine {Machine}: {Url}")]
        public static partial void Forwarding(ILogger logger, string resource, string unit, string machine, Uri url);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Machine {Machine} is unreachable at {Endpoint}; answered 502")]
        public static partial void OwnerUnreachable(ILogger logger, Exception exception, string machine, string endpoint);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "The answer from machine {Machine} at {Endpoint} broke off; connection aborted")]
        public static partial void StreamBroken(ILogger logger, Exception exception, string machine, string endpoint);
    }
}
