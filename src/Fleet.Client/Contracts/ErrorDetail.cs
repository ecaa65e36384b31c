using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>The inner object of fleet's error body.</summary>
public sealed record ErrorDetail
{
    /// <summary>The HTTP status code.</summary>
    [JsonPropertyName("code")]
    public int Code { get; init; }

    /// <summary>The server's message (empty for internal failures).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
