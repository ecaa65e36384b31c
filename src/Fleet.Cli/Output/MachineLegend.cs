namespace Fleet.Cli.Output;

/// <summary>fleetctl's machine legends: <c>113f16a7...</c> (or the full ID with <c>--full</c>), followed by
/// <c>/&lt;ip&gt;</c> when the machine's IP is known.</summary>
internal static class MachineLegend
{
    /// <summary>The ID part: the first 8 characters and <c>...</c>, or the full ID.</summary>
    public static string Id(string machineId, bool full) =>
        full ? machineId : (machineId.Length <= 8 ? machineId : machineId[..8]) + "...";

    /// <summary>The ID part followed by <c>/ip</c> when <paramref name="ip"/> is not empty.</summary>
    public static string Full(string machineId, string? ip, bool full) =>
        string.IsNullOrEmpty(ip) ? Id(machineId, full) : $"{Id(machineId, full)}/{ip}";
}
