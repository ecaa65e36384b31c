using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Output;
using Fleet.Client;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>list-machines</c>: one row per live machine from <c>GET /fleet/v1/machines</c>.</summary>
internal sealed class ListMachinesCommand(CliContext context) : FleetCommand(context)
{
    private readonly ListFlags _flags = new(shortFull: true, ListMachinesFields.Default, ListMachinesFields.Description);

    protected override Command Create()
    {
        var command = new Command("list-machines", "Enumerate the current hosts in the cluster");
        _flags.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var selection = _flags.Read(parse, ListMachinesFields.All);
        IReadOnlyList<Machine> machines;
        try
        {
            machines = await Context.Client.ListMachinesAsync(cancellationToken);
        }
        catch (FleetEndpointUnreachableException ex)
        {
            throw new CommandFailedException($"Error retrieving list of active machines from fleet API ({ex.Message})");
        }
        catch (FleetApiException ex)
        {
            // The server answered, so the cause is on its side: fleet's hints apply.
            throw new CommandFailedException(
                $"Error retrieving list of active machines from fleet API ({ex.Message})\nPossible issues:\n" +
                "  etcd is unhealthy and/or lost quorum\n  connection cannot be established to any etcd servers");
        }

        await TableRenderer.RenderAsync(Context, selection, machines, cancellationToken);
        return 0;
    }
}
