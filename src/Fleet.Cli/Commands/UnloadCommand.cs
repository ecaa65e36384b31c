using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;

namespace Fleet.Cli.Commands;

/// <summary><c>unload UNIT...</c>: desired state <c>inactive</c>, then waits for <c>inactive</c>.</summary>
internal sealed class UnloadCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly BlockFlags _block = new("units are inactive", "Do not wait until the units have become inactive before exiting.");

    protected override Command Create()
    {
        var command = new Command("unload", "Unschedule one or more units in the cluster.") { _units };
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

        var unloading = units.Where(u => GlobalUnits.IsGlobal(u) || u.CurrentState != "inactive").ToList();
        return await new StateChange(Context, "inactive", "unload", "unloaded", "unload").RunAsync(unloading, _block.Attempts(parse), cancellationToken);
    }
}
