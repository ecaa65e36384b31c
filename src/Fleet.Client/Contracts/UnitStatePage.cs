using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>One page of <c>GET /fleet/v1/state</c>.</summary>
public sealed record UnitStatePage
{
    /// <summary>The states on this page (absent on an empty page).</summary>
    [JsonPropertyName("states")]
    public IReadOnlyList<UnitState>? States { get; init; }

    /// <summary>Token for the next page; absent on the last page.</summary>
    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; init; }
}
