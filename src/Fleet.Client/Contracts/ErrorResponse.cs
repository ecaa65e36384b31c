using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>fleet's error body: <c>{"error":{"code":404,"message":"unit does not exist"}}</c>.</summary>
public sealed record ErrorResponse
{
    /// <summary>The error.</summary>
    [JsonPropertyName("error")]
    public ErrorDetail? Error { get; init; }
}
