using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fleet.IntegrationTests;

/// <summary>Plain HTTP calls to a real fleetd's API, returning status, headers and body as sent.</summary>
public sealed class ApiHttp(string endpoint) : IDisposable
{
    /// <summary>The API base.</summary>
    public string Endpoint => endpoint;

    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None, UseProxy = false })
    {
        BaseAddress = new Uri(endpoint),
    };

    /// <summary>Sends a request; <paramref name="contentType"/> null sends no Content-Type header at all.</summary>
    public async Task<ApiAnswer> SendAsync(string method, string path, string? body = null, string? contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new ApiAnswer((int)response.StatusCode, bytes, response.Headers, response.Content.Headers);
    }

    /// <summary>GET <paramref name="path"/>.</summary>
    public Task<ApiAnswer> GetAsync(string path) => SendAsync("GET", path);

    /// <summary>PUT a unit body as JSON.</summary>
    public Task<ApiAnswer> PutUnitAsync(string name, string json) => SendAsync("PUT", "/fleet/v1/units/" + name, json);

    /// <summary>A JSON body creating a plain service unit whose ExecStart sleeps.</summary>
    public static string UnitJson(string? desiredState = null, string name = "") =>
        "{" + (name.Length > 0 ? $"\"name\":\"{name}\"," : string.Empty) +
        (desiredState is not null ? $"\"desiredState\":\"{desiredState}\"," : string.Empty) +
        "\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 1000\"}]}";

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>One answer.</summary>
public sealed record ApiAnswer(int Status, byte[] Bytes, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Body => Encoding.UTF8.GetString(Bytes);

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Bytes).RootElement;

    /// <summary>The media type of Content-Type, or null.</summary>
    public string? MediaType => ContentHeaders.ContentType?.MediaType;

    /// <summary>Asserts fleet's error body with exactly <paramref name="status"/> and <paramref name="message"/>.</summary>
    public void ShouldBeError(int status, string message)
    {
        Assert.True(Status == status, $"expected {status} \"{message}\", got {Status}: {Body}");
        Assert.Equal("application/json", MediaType);
        var root = Json;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal((status, message), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Status} {Body}";
}
