using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Cli.Waiting;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary>Shared end of <c>stop</c> and <c>unload</c>: set the desired state, wait (unless <c>--no-block</c>) and
/// report <c>Successfully stopped units [a b].</c> or <c>Failed to stop units [a b]. err: ...</c>.</summary>
internal sealed class StateChange(CliContext context, string state, string verb, string past, string failureVerb)
{
    public async Task<int> RunAsync(IReadOnlyList<Unit> units, int attempts, CancellationToken cancellationToken)
    {
        var names = units.Select(u => u.Name).ToList();
        var listed = $"[{string.Join(' ', names)}]";
        try
        {
            foreach (var name in names)
            {
                await context.Client.SetUnitTargetStateAsync(name, state, cancellationToken);
            }
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Failed to {failureVerb} units {listed}. err: {ex.Message}");
        }

        var waiting = new List<string>();
        foreach (var unit in units)
        {
            if (GlobalUnits.IsGlobal(unit))
            {
                context.Out($"Triggered global unit {unit.Name} {verb}");
            }
            else if (attempts < 0)
            {
                context.Out($"Triggered unit {unit.Name} {verb}");
            }
            else
            {
                waiting.Add(unit.Name);
            }
        }

        if (attempts < 0 || names.Count == 0)
        {
            return 0;
        }

        var errors = await new UnitWaiter(context).WaitAsync(waiting, new JobStateProbe(context, state), attempts, cancellationToken);
        if (errors.Count > 0)
        {
            throw new CommandFailedException($"Failed to {failureVerb} units {listed}. err: {string.Join("; ", errors)}");
        }

        context.Err($"Successfully {past} units {listed}.");
        return 0;
    }
}
