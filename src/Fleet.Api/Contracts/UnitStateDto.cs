using System.Text.Json.Serialization;

namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>UnitState</c>: what one machine reports for one unit, in systemd's words.</summary>
/// <remarks>Properties are declared in fleet's output order; null properties are omitted on output.</remarks>
public sealed class UnitStateDto
{
    /// <summary>40 hex characters: the hash of the unit file the machine has loaded.</summary>
    public string? Hash { get; set; }

    /// <summary>The reporting machine.</summary>
    [JsonPropertyName("machineID")]
    public string? MachineId { get; set; }

    /// <summary>The unit's name.</summary>
    public string? Name { get; set; }

    /// <summary>systemd ACTIVE, e.g. <c>active</c>.</summary>
    public string? SystemdActiveState { get; set; }

    /// <summary>systemd LOAD, e.g. <c>loaded</c>.</summary>
    public string? SystemdLoadState { get; set; }

    /// <summary>systemd SUB, e.g. <c>running</c>.</summary>
    public string? SystemdSubState { get; set; }
}
