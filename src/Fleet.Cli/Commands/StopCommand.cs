using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>stop UNIT...</c>: desired state <c>loaded</c> for launched units, then waits for <c>loaded</c>.</summary>
internal sealed class StopCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly BlockFlags _block = new("units are stopped", "Do not wait until the units have stopped before exiting. Always the case for global units.");

    protected override Command Create()
    {
        var command = new Command("stop", "Instruct systemd to stop one or more units in the cluster.") { _units };
        _block.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var units = await RegistryUnits.FindGivenAsync(Context, parse.GetValue(_units) ?? [], cancellationToken);
        if (units is null)
        {
            return 0;
        }

        var stopping = new List<Unit>();
        foreach (var unit in units)
        {
            if (!GlobalUnits.IsGlobal(unit) && unit.CurrentState == "inactive")
            {
                throw new CommandFailedException($"Unable to stop unit {unit.Name} in state inactive");
            }

            if (GlobalUnits.IsGlobal(unit) || unit.CurrentState != "loaded")
            {
                stopping.Add(unit);
            }
        }

        return await new StateChange(Context, "loaded", "stop", "stopped", "stop").RunAsync(stopping, _block.Attempts(parse), cancellationToken);
    }
}
