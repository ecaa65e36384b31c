using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary>Registry look-ups shared by the mutating commands.</summary>
internal static class RegistryUnits
{
    /// <summary>fleetctl's <c>findUnits</c>: the registry's units named by the arguments, in registry order;
    /// unknown names are dropped.</summary>
    public static async Task<IReadOnlyList<Unit>> FindAsync(CliContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var wanted = args.Select(UnitNames.Mangle).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<Unit> all;
        try
        {
            all = await context.Client.ListUnitsAsync(cancellationToken);
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Error retrieving list of units from repository: {ex.Message}");
        }

        return [.. all.Where(u => wanted.Contains(u.Name))];
    }

    /// <summary>The registry's units the arguments name, for stop, unload, destroy and restart: with no
    /// arguments, or none of them in the registry, fleet's message on stderr and null (the command exits 0,
    /// as fleetctl did).</summary>
    public static async Task<IReadOnlyList<Unit>?> FindGivenAsync(CliContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            context.Err("No units given");
            return null;
        }

        var units = await FindAsync(context, args, cancellationToken);
        if (units.Count == 0)
        {
            context.Err("Units not found in registry");
            return null;
        }

        return units;
    }

    /// <summary>fleetctl's <c>setTargetStateOfUnits</c>: sets the desired state of each named unit that is not
    /// there yet; returns the units it changed (as they were before).</summary>
    /// <exception cref="Client.FleetApiException">The registry refused a change.</exception>
    /// <exception cref="CommandFailedException">A unit does not exist.</exception>
    public static async Task<IReadOnlyList<Unit>> SetTargetStateAsync(
        CliContext context, IEnumerable<string> names, string state, string failurePrefix, CancellationToken cancellationToken)
    {
        var triggered = new List<Unit>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var unit = await context.Client.GetUnitAsync(name, cancellationToken)
                    ?? throw new CommandFailedException($"{failurePrefix}: unable to find unit {name}");
                if (unit.DesiredState == state)
                {
                    context.Debug($"Unit({name}) already {state}, skipping.");
                    continue;
                }

                await context.Client.SetUnitTargetStateAsync(name, state, cancellationToken);
                triggered.Add(unit);
            }
            catch (Exception ex) when (ApiFailure.Is(ex))
            {
                throw new CommandFailedException($"{failurePrefix}: {ex.Message}");
            }
        }

        return triggered;
    }
}
