namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>UnitOption</c>: one <c>Name=Value</c> line of a unit file and its section.</summary>
/// <remarks>Properties are declared in fleet's output order (<c>name, section, value</c>); empty values are
/// omitted on output, as Go's <c>omitempty</c> does.</remarks>
public sealed class UnitOptionDto
{
    /// <summary>Option name, e.g. <c>ExecStart</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Section name without brackets, e.g. <c>Service</c>.</summary>
    public string? Section { get; set; }

    /// <summary>Option value.</summary>
    public string? Value { get; set; }
}
