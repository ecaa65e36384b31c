using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>One page of <c>GET /fleet/v1/machines</c>.</summary>
public sealed record MachinePage
{
    /// <summary>The machines on this page (absent on an empty page).</summary>
    [JsonPropertyName("machines")]
    public IReadOnlyList<Machine>? Machines { get; init; }

    /// <summary>Token for the next page; absent on the last page.</summary>
    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; init; }
}
