using Fleet.Cli.Hosting;

namespace Fleet.Cli.Waiting;

/// <summary>Waits until units are gone from the registry; prints <c>Destroyed &lt;name&gt;</c> for each.</summary>
internal sealed class DestroyedProbe(CliContext context) : IUnitProbe
{
    public string Goal => "destroyed";

    public string TimeoutMessage(string unit) => $"timed out waiting for unit {unit} to be destroyed";

    public async Task<IReadOnlyDictionary<string, string>> ProbeAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
    {
        var arrived = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in pending)
        {
            try
            {
                if (await context.Client.GetUnitAsync(name, cancellationToken) is null)
                {
                    arrived[name] = $"Destroyed {name}";
                }
            }
            catch (Exception ex) when (Commands.ApiFailure.Is(ex))
            {
                context.Debug($"Error retrieving Unit({name}) from Registry: {ex.Message}");
            }
        }

        return arrived;
    }
}
