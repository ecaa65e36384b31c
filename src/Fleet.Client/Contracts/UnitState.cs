using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>What one machine's systemd reports for one unit (§2.2).</summary>
public sealed record UnitState
{
    /// <summary>The unit name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>SHA-1 of the unit file the machine runs, 40 hex characters.</summary>
    [JsonPropertyName("hash")]
    public string? Hash { get; init; }

    /// <summary>The machine reporting the state.</summary>
    [JsonPropertyName("machineID")]
    public string? MachineId { get; init; }

    /// <summary>systemd LOAD, e.g. <c>loaded</c>.</summary>
    [JsonPropertyName("systemdLoadState")]
    public string? SystemdLoadState { get; init; }

    /// <summary>systemd ACTIVE, e.g. <c>active</c>.</summary>
    [JsonPropertyName("systemdActiveState")]
    public string? SystemdActiveState { get; init; }

    /// <summary>systemd SUB, e.g. <c>running</c>.</summary>
    [JsonPropertyName("systemdSubState")]
    public string? SystemdSubState { get; init; }
}
