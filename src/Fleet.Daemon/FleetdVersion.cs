using System.Reflection;

namespace Fleet.Daemon;

/// <summary>The version fleetd reports (<c>fleetd version X</c>, the API's <c>Server</c> header).</summary>
internal static class FleetdVersion
{
    /// <summary>The informational version of the fleetd assembly, without build metadata.</summary>
    public static string Value { get; } =
        (typeof(FleetdVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
