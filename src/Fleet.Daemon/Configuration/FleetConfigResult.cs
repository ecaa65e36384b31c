namespace Fleet.Daemon.Configuration;

/// <summary>The outcome of loading the configuration.</summary>
/// <param name="Config">The configuration, or null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found; fleetd refuses to start when there is one.</param>
/// <param name="Notices">Informational messages (deprecated or unknown options, no config file).</param>
internal sealed record FleetConfigResult(FleetConfig? Config, IReadOnlyList<string> Errors, IReadOnlyList<string> Notices);
