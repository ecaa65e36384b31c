using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>A machine in the cluster (§2.2).</summary>
public sealed record Machine
{
    /// <summary>The machine ID.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The machine's published IP, may be absent.</summary>
    [JsonPropertyName("primaryIP")]
    public string? PrimaryIp { get; init; }

    /// <summary>Metadata key → value.</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
