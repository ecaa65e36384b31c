namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>Unit</c> entity: a unit's name, options, desired state and (read-only) where it is
/// scheduled and what state it reached there.</summary>
/// <remarks>Properties are declared in fleet's output order (<c>currentState, desiredState, machineID, name,
/// options</c>); null properties are omitted on output.</remarks>
public sealed class UnitDto
{
    /// <summary>The job state reached on the scheduled machine (<c>inactive|loaded|launched</c>); read-only.</summary>
    public string? CurrentState { get; set; }

    /// <summary>The desired job state (<c>inactive|loaded|launched</c>).</summary>
    public string? DesiredState { get; set; }

    /// <summary>The machine the unit is scheduled to; absent for unscheduled and global units. Read-only.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("machineID")]
    public string? MachineId { get; set; }

    /// <summary>The unit's name, e.g. <c>hello.service</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The unit file's options, in file order.</summary>
    public IList<UnitOptionDto>? Options { get; set; }
}
