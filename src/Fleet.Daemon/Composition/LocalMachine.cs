using System.Collections.Immutable;
using Fleet.Core.Machines;

namespace Fleet.Daemon.Composition;

/// <summary>This machine as fleetd announces it; replaced as a whole when SIGHUP reloads the configuration.</summary>
internal sealed class LocalMachine(MachineState initial) : ILocalMachine
{
    private volatile MachineState _current = initial;

    /// <inheritdoc />
    public MachineState Current => _current;

    /// <summary>Replaces the announced state (public IP, metadata after a reload).</summary>
    public void Update(MachineState state) => _current = state;

    /// <summary>Builds the announced state from the configuration.</summary>
    public static MachineState Describe(MachineId id, string publicIp, ImmutableSortedDictionary<string, string> metadata, bool disableEngine, string apiEndpoint) =>
        new()
        {
            Id = id,
            PublicIp = publicIp,
            Metadata = metadata,
            Version = FleetdVersion.Value,
            DisableEngine = disableEngine,
            ApiEndpoint = apiEndpoint,
        };
}
