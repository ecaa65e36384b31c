using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fleet.Client.Contracts;
using Fleet.Client.Transport;

namespace Fleet.Client;

/// <summary>HTTP implementation of <see cref="IFleetClient"/> over unix sockets, HTTP or HTTPS.</summary>
public sealed class FleetClient : IFleetClient, IDisposable
{
    private const int MaxPages = 100_000;
    private readonly HttpClient _http;
    private readonly FleetClientOptions _options;

    /// <summary>Creates a client; no connection is made until the first request.</summary>
    /// <exception cref="ArgumentException">The TLS files cannot be loaded.</exception>
    public FleetClient(FleetClientOptions options)
        : this(options, FleetHttpHandlerFactory.Create(options))
    {
    }

    internal FleetClient(FleetClientOptions options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Endpoint.ApiBaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public FleetEndpoint Endpoint => _options.Endpoint;

    /// <inheritdoc />
    public Task<IReadOnlyList<Unit>> ListUnitsAsync(CancellationToken cancellationToken) =>
        ListAsync("units", FleetJsonContext.Default.UnitPage, p => (p.Units, p.NextPageToken), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UnitState>> ListUnitStatesAsync(string? unitName, string? machineId, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("state");
        if (unitName is not null)
        {
            query.Append("?unitName=").Append(Uri.EscapeDataString(unitName));
        }

        if (machineId is not null)
        {
            query.Append(unitName is null ? '?' : '&').Append("machineID=").Append(Uri.EscapeDataString(machineId));
        }

        return ListAsync(query.ToString(), FleetJsonContext.Default.UnitStatePage, p => (p.States, p.NextPageToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Machine>> ListMachinesAsync(CancellationToken cancellationToken) =>
        ListAsync("machines", FleetJsonContext.Default.MachinePage, p => (p.Machines, p.NextPageToken), cancellationToken);

    /// <inheritdoc />
    public Task<Unit?> GetUnitAsync(string name, CancellationToken cancellationToken) =>
        GetOrNullAsync("units/" + EscapeName(name), FleetJsonContext.Default.Unit, cancellationToken);

    /// <inheritdoc />
    public Task<UnitState?> GetUnitStateAsync(string name, CancellationToken cancellationToken) =>
        GetOrNullAsync("state/" + EscapeName(name), FleetJsonContext.Default.UnitState, cancellationToken);

    /// <inheritdoc />
    public Task CreateUnitAsync(string name, IReadOnlyList<UnitOption> options, CancellationToken cancellationToken) =>
        PutUnitAsync(new Unit { Name = name, Options = options }, cancellationToken);

    /// <inheritdoc />
    public Task SetUnitTargetStateAsync(string name, string desiredState, CancellationToken cancellationToken) =>
        PutUnitAsync(new Unit { Name = name, DesiredState = desiredState }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DestroyUnitAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, WithAlt("units/" + EscapeName(name)));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<string> GetUnitStatusAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "units/" + EscapeName(name) + "/status");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StreamJournalAsync(string name, JournalRequest request, TextWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        var path = new StringBuilder("units/").Append(EscapeName(name)).Append("/journal?lines=")
            .Append(request.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (request.Follow)
        {
            path.Append("&follow=true");
        }

        if (request.Output != "short")
        {
            path.Append("&output=").Append(Uri.EscapeDataString(request.Output));
        }

        using var message = new HttpRequestMessage(HttpMethod.Get, path.ToString());
        using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken, streaming: true);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string WithAlt(string path) => path + (path.Contains('?', StringComparison.Ordinal) ? "&alt=json" : "?alt=json");

    private static string EscapeName(string name) =>
        Uri.EscapeDataString(name).Replace("%40", "@", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal);

    private async Task<IReadOnlyList<T>> ListAsync<TPage, T>(
        string path, JsonTypeInfo<TPage> pageType, Func<TPage, (IReadOnlyList<T>? Items, string? Next)> select, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var pagePath = token is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}nextPageToken={Uri.EscapeDataString(token)}";
            using var request = new HttpRequestMessage(HttpMethod.Get, WithAlt(pagePath));
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            await EnsureSuccessAsync(response, cancellationToken);
            var (items, next) = select(await ReadJsonAsync(response, pageType, cancellationToken));
            all.AddRange(items ?? []);
            if (string.IsNullOrEmpty(next))
            {
                return all;
            }

            if (next == token)
            {
                throw new FleetApiException((int)response.StatusCode, $"the server repeated page token \"{next}\" for {path}");
            }

            token = next;
        }

        throw new FleetApiException(500, $"more than {MaxPages} pages for {path}");
    }

    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WithAlt(path));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, type, cancellationToken);
    }

    private async Task PutUnitAsync(Unit unit, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(unit, FleetJsonContext.Default.Unit);
        using var request = new HttpRequestMessage(HttpMethod.Put, WithAlt("units/" + EscapeName(unit.Name)))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken, bool streaming = false)
    {
        var url = new Uri(_http.BaseAddress!, request.RequestUri!); // BaseAddress is set in the constructor
        _options.Trace?.Invoke($"HTTP {request.Method} {url}");
        using var timeout = streaming || _options.RequestTimeout is null ? null : new CancellationTokenSource(_options.RequestTimeout.Value);
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await _http.SendAsync(request, completion, linked?.Token ?? cancellationToken);
            _options.Trace?.Invoke($"HTTP {request.Method} {url} {(int)response.StatusCode} {response.ReasonPhrase}");
            return response;
        }
        catch (OperationCanceledException ex) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new FleetEndpointUnreachableException(
                _options.Endpoint.Text, $"no answer to {request.Method} {url.AbsolutePath} within {_options.RequestTimeout!.Value.TotalSeconds:0.###}s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new FleetEndpointUnreachableException(_options.Endpoint.Text, Reason(ex), ex);
        }
    }

    // The most specific message: our own IOException from a connect callback, else the innermost cause.
    private static string Reason(Exception ex)
    {
        var reason = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            reason = inner.Message;
            if (inner is IOException { InnerException: System.Net.Sockets.SocketException })
            {
                break;
            }
        }

        return reason;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(string.IsNullOrWhiteSpace(body) ? "{}" : body, type)
                ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException ex)
        {
            throw new FleetApiException(
                $"the answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} is not valid fleet JSON: {ex.Message}", ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw ErrorDecoder.Decode((int)response.StatusCode, response.ReasonPhrase, body);
    }
}
