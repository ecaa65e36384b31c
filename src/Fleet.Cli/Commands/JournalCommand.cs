using System.CommandLine;
using System.Globalization;
using Fleet.Cli.Hosting;
using Fleet.Cli.Ssh;
using Fleet.Cli.Units;
using Fleet.Client;

namespace Fleet.Cli.Commands;

/// <summary><c>journal UNIT</c>: the unit's journal through the API
/// (<c>GET /fleet/v1/units/&lt;name&gt;/journal?lines=N[&amp;follow=true]</c>), streamed to standard output. When
/// the API cannot answer (coreos/fleet's server, or a fleetd that cannot forward), fleet's way:
/// <c>[sudo] journalctl --unit NAME --no-pager -n N --output MODE [-f]</c> over SSH.</summary>
internal sealed class JournalCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly Option<int> _lines = new("--lines", "-n") { Description = "Number of recent log lines to return", DefaultValueFactory = _ => 10 };
    private readonly Option<bool> _follow = new("--follow", "-f", "--f") { Description = "Continuously print new entries as they are appended to the journal." };
    private readonly Option<int> _sshPort = new("--ssh-port") { Description = "Connect to remote hosts over SSH using this TCP port (when the API cannot serve the journal itself).", DefaultValueFactory = _ => 22 };
    private readonly Option<bool> _sudo = new("--sudo") { Description = "Execute journal command with sudo (when it runs over SSH)." };
    private readonly Option<string> _output = new("--output") { Description = "Output mode, passed to journalctl on the unit's machine.", DefaultValueFactory = _ => "short" };

    protected override Command Create() =>
        new("journal", "Print the journal of a unit in the cluster to stdout") { _units, _lines, _follow, _sshPort, _sudo, _output };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        if (args.Length != 1)
        {
            throw new CommandFailedException("One unit file must be provided.");
        }

        var name = UnitNames.Mangle(args[0]);
        var unit = await Context.Client.GetUnitAsync(name, cancellationToken)
            ?? throw new CommandFailedException($"Unit {name} does not exist.");
        if (GlobalUnits.IsGlobal(unit))
        {
            throw new CommandFailedException($"Unable to retrieve journal of global unit {name}.");
        }

        if (unit.CurrentState is "inactive" or null)
        {
            throw new CommandFailedException($"Unit {name} does not appear to be running.");
        }

        var request = new JournalRequest(parse.GetValue(_lines), parse.GetValue(_follow), parse.GetValue(_output) ?? "short");
        try
        {
            await Context.Client.StreamJournalAsync(name, request, Context.Console.Out, cancellationToken);
        }
        catch (Exception ex) when (RemoteUnitCommand.ShouldFallBack(ex))
        {
            List<string> command = parse.GetValue(_sudo) ? ["sudo"] : [];
            command.AddRange(["journalctl", "--unit", name, "--no-pager", "-n", parse.GetValue(_lines).ToString(CultureInfo.InvariantCulture), "--output", request.Output]);
            if (request.Follow)
            {
                command.Add("-f");
            }

            return await RemoteUnitCommand.RunAsync(Context, unit, parse.GetValue(_sshPort), command, cancellationToken);
        }
        catch (Exception ex) when (ApiFailure.Is(ex))
        {
            throw new CommandFailedException($"Error retrieving journal of unit {name}: {ex.Message}");
        }

        return 0;
    }
}
