using Fleet.Cli.Hosting;

namespace Fleet.Cli.Waiting;

/// <summary>Waits until systemd reports a unit <c>active</c> and <c>loaded</c> (<c>GET /fleet/v1/state/&lt;name&gt;</c>).
/// Prints nothing on success.</summary>
internal sealed class SystemdActiveProbe(CliContext context) : IUnitProbe
{
    private readonly Dictionary<string, string> _lastSeen = new(StringComparer.Ordinal);

    public string Goal => "active";

    public string TimeoutMessage(string unit) =>
        $"timed out waiting for unit {unit} to become active in systemd (last reported: {_lastSeen.GetValueOrDefault(unit, "no state")})";

    public async Task<IReadOnlyDictionary<string, string>> ProbeAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
    {
        var arrived = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in pending)
        {
            try
            {
                var state = await context.Client.GetUnitStateAsync(name, cancellationToken);
                if (state is null)
                {
                    continue;
                }

                _lastSeen[name] = $"{state.SystemdLoadState}/{state.SystemdActiveState}/{state.SystemdSubState}";
                if (state is { SystemdActiveState: "active", SystemdLoadState: "loaded" })
                {
                    arrived[name] = string.Empty;
                }
            }
            catch (Exception ex) when (Commands.ApiFailure.Is(ex))
            {
                context.Debug($"Error retrieving state of unit {name}: {ex.Message}");
            }
        }

        return arrived;
    }
}
