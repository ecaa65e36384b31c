using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>One <c>Name=Value</c> line of a unit file as fleet's API carries it.</summary>
public sealed record UnitOption
{
    /// <summary>Option name, e.g. <c>ExecStart</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Section without brackets, e.g. <c>Service</c>.</summary>
    [JsonPropertyName("section")]
    public string Section { get; init; } = string.Empty;

    /// <summary>Option value.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init; } = string.Empty;
}
