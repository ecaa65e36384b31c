using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>A unit as fleet's API v1 carries it (§2.2): every field is optional on the wire.</summary>
public sealed record Unit
{
    /// <summary>Where the unit is in its lifecycle (<c>inactive</c>, <c>loaded</c>, <c>launched</c>); read-only,
    /// absent for global units.</summary>
    [JsonPropertyName("currentState")]
    public string? CurrentState { get; init; }

    /// <summary>The state fleet drives the unit towards.</summary>
    [JsonPropertyName("desiredState")]
    public string? DesiredState { get; init; }

    /// <summary>The machine the unit is scheduled to; absent for unscheduled and global units.</summary>
    [JsonPropertyName("machineID")]
    public string? MachineId { get; init; }

    /// <summary>The unit name, e.g. <c>hello.service</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>The unit file's options in file order.</summary>
    [JsonPropertyName("options")]
    public IReadOnlyList<UnitOption>? Options { get; init; }
}
