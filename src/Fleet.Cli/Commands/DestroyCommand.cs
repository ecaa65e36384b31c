using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Waiting;

namespace Fleet.Cli.Commands;

/// <summary><c>destroy UNIT...</c>: deletes the units and, unless <c>--no-block</c>, waits until they are gone
/// (fleet only waited when <c>--no-block</c> was given).</summary>
internal sealed class DestroyCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly BlockFlags _block = new("units are destroyed", "Do not wait until the units are destroyed before exiting. Always the case for global units.");

    protected override Command Create()
    {
        var command = new Command("destroy", "Destroy one or more units in the cluster") { _units };
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

        var exit = 0;
        var destroyed = new List<string>();
        foreach (var unit in units)
        {
            try
            {
                await Context.Client.DestroyUnitAsync(unit.Name, cancellationToken);
                destroyed.Add(unit.Name);
            }
            catch (Exception ex) when (ApiFailure.Is(ex))
            {
                Context.Err($"Error destroying units: {ex.Message}");
                exit = 1;
            }
        }

        var attempts = _block.Attempts(parse);
        if (attempts < 0)
        {
            destroyed.ForEach(u => Context.Out($"Destroyed {u}"));
            return exit;
        }

        var errors = await new UnitWaiter(Context).WaitAsync(destroyed, new DestroyedProbe(Context), attempts, cancellationToken);
        foreach (var error in errors)
        {
            Context.Err($"Error destroying units: {error}");
        }

        return errors.Count > 0 ? 1 : exit;
    }
}
