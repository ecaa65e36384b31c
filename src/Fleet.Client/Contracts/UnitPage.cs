using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>One page of <c>GET /fleet/v1/units</c>.</summary>
public sealed record UnitPage
{
    /// <summary>The units on this page (absent on an empty page).</summary>
    [JsonPropertyName("units")]
    public IReadOnlyList<Unit>? Units { get; init; }

    /// <summary>Token for the next page; absent on the last page.</summary>
    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; init; }
}
