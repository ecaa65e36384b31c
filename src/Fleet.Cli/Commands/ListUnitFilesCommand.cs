using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Output;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>list-unit-files</c>: one row per unit from <c>GET /fleet/v1/units</c>.</summary>
internal sealed class ListUnitFilesCommand(CliContext context) : FleetCommand(context)
{
    private readonly ListFlags _flags = new(shortFull: false, ListUnitFilesFields.Default, ListUnitFilesFields.Description);

    protected override Command Create()
    {
        var command = new Command("list-unit-files", "List the units that exist in the cluster.");
        _flags.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var selection = _flags.Read(parse, ListUnitFilesFields.All);
        IReadOnlyList<Unit> units;
        try
        {
            units = await Context.Client.ListUnitsAsync(cancellationToken);
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Error retrieving list of units from repository: {ex.Message}");
        }

        await TableRenderer.RenderAsync(Context, selection, units, cancellationToken);
        return 0;
    }
}
