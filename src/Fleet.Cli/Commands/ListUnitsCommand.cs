using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Output;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>list-units</c>: one row per (unit, machine) state from <c>GET /fleet/v1/state</c>.</summary>
internal sealed class ListUnitsCommand(CliContext context) : FleetCommand(context)
{
    private readonly ListFlags _flags = new(shortFull: true, ListUnitsFields.Default, ListUnitsFields.Description);

    protected override Command Create()
    {
        var command = new Command("list-units", "List the current state of units in the cluster");
        _flags.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var selection = _flags.Read(parse, ListUnitsFields.All);
        IReadOnlyList<UnitState> states;
        try
        {
            states = await Context.Client.ListUnitStatesAsync(null, null, cancellationToken);
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Error retrieving list of units from repository: {ex.Message}");
        }

        await TableRenderer.RenderAsync(Context, selection, states, cancellationToken);
        return 0;
    }
}
