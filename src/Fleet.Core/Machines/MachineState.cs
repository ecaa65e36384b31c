using System.Collections.Immutable;

namespace Fleet.Core.Machines;

/// <summary>A machine as the cluster sees it.</summary>
public sealed record MachineState
{
    /// <summary>The machine's ID.</summary>
    public required MachineId Id { get; init; }

    /// <summary>The IP other machines and users reach it on (<c>public_ip</c>); may be empty.</summary>
    public string PublicIp { get; init; } = string.Empty;

    /// <summary>Effective metadata: configured metadata overlaid with dynamic metadata (PATCH /machines).</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>fleetd version the machine runs.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>True when the machine was started with <c>disable_engine</c>.</summary>
    public bool DisableEngine { get; init; }

    /// <summary>Where the machine's own HTTP API can be reached by other fleetds (for journal/status
    /// forwarding); empty when it has no TCP listener.</summary>
    public string ApiEndpoint { get; init; } = string.Empty;
}
