namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>Machine</c>: a present machine, its IP and its effective metadata.</summary>
/// <remarks>Properties are declared in fleet's output order (<c>id, metadata, primaryIP</c>); null properties
/// are omitted on output and metadata keys are written in ordinal order, as Go writes map keys.</remarks>
public sealed class MachineDto
{
    /// <summary>The machine ID.</summary>
    public string? Id { get; set; }

    /// <summary>Effective metadata (configured overlaid with dynamic); null when there is none.</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>The machine's public IP.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("primaryIP")]
    public string? PrimaryIp { get; set; }
}
