using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Cli.Waiting;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>restart UNIT...</c>: rolling restart, one unit at a time: a launched unit is stopped
/// (desired <c>loaded</c>, awaited) and started again (desired <c>launched</c>, awaited); a loaded unit is
/// started. Global units are stopped and started without waiting.</summary>
internal sealed class RestartCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly BlockFlags _block = new("units are stopped/started", noBlockHelp: null);

    protected override Command Create()
    {
        var command = new Command("restart", "Instruct systemd to rolling restart one or more units in the cluster.") { _units };
        _block.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        if (args.Length == 0)
        {
            Context.Err("No units given");
            return 0;
        }

        var attempts = _block.Attempts(parse);
        await new LazyUnitCreator(Context, "restart").CreateAsync(args, replace: false, attempts, cancellationToken);
        var units = await RegistryUnits.FindAsync(Context, args, cancellationToken);
        if (units.Count == 0)
        {
            Context.Err("Units not found in registry");
            return 0;
        }

        foreach (var unit in units)
        {
            await RestartAsync(unit, attempts, cancellationToken);
        }

        return 0;
    }

    private async Task RestartAsync(Unit unit, int attempts, CancellationToken cancellationToken)
    {
        if (GlobalUnits.IsGlobal(unit))
        {
            await SetAsync(unit.Name, "loaded", cancellationToken);
            await SetAsync(unit.Name, "launched", cancellationToken);
            Context.Out($"Triggered global unit {unit.Name} restart");
            return;
        }

        switch (unit.CurrentState)
        {
            case "inactive" or null:
                Context.Err($"Unable to restart unit {unit.Name} in state inactive");
                return;
            case "launched":
                await SetAndWaitAsync(unit.Name, "loaded", attempts, cancellationToken);
                break;
        }

        await SetAndWaitAsync(unit.Name, "launched", attempts, cancellationToken);
    }

    private async Task SetAndWaitAsync(string name, string state, int attempts, CancellationToken cancellationToken)
    {
        await SetAsync(name, state, cancellationToken);
        var errors = await new UnitWaiter(Context).WaitAsync([name], new JobStateProbe(Context, state), attempts, cancellationToken);
        if (errors.Count > 0)
        {
            throw new CommandFailedException($"Error waiting for units: {errors[0]}");
        }
    }

    private async Task SetAsync(string name, string state, CancellationToken cancellationToken)
    {
        try
        {
            await Context.Client.SetUnitTargetStateAsync(name, state, cancellationToken);
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Error restarting unit {name}: {ex.Message}");
        }
    }
}
