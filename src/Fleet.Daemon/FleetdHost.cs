using Fleet.Daemon.Configuration;

namespace Fleet.Daemon;

/// <summary>Composes and runs fleetd from a validated configuration.</summary>
internal static class FleetdHost
{
    /// <summary>Runs fleetd until SIGTERM/SIGINT; returns the process exit code.</summary>
    public static async Task<int> RunAsync(FleetConfig config, string? configPath, IReadOnlyDictionary<string, string> environment)
    {
        var machineId = FleetConfigLoader.ResolveMachineId(config, "/etc/machine-id", out var error);
        if (machineId is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }

        // The store, agent, engine and API are composed here as they land (issue 4).
        await Console.Error.WriteLineAsync($"fleetd version {FleetdVersion.Value}: machine {machineId}; the daemon's components are not assembled yet");
        return 1;
    }
}
