using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Ssh;
using Fleet.Cli.Units;

namespace Fleet.Cli.Commands;

/// <summary><c>status UNIT...</c>: systemd's status of each unit, through the API
/// (<c>GET /fleet/v1/units/&lt;name&gt;/status</c>), a blank line between units.</summary>
internal sealed class StatusCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly Option<int> _sshPort = new("--ssh-port") { Description = "Connect to remote hosts over SSH using this TCP port (when the API cannot serve the status itself).", DefaultValueFactory = _ => 22 };

    protected override Command Create() => new("status", "Output the status of one or more units in the cluster") { _units, _sshPort };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        for (var i = 0; i < args.Length; i++)
        {
            var name = UnitNames.Mangle(args[i]);
            var unit = await Context.Client.GetUnitAsync(name, cancellationToken)
                ?? throw new CommandFailedException($"Unit {name} does not exist.");
            if (GlobalUnits.IsGlobal(unit))
            {
                throw new CommandFailedException($"Unable to get status of global unit {name}.");
            }

            if (unit.CurrentState is "inactive" or null)
            {
                throw new CommandFailedException($"Unit {name} does not appear to be loaded.");
            }

            if (i > 0)
            {
                Context.Out(string.Empty);
            }

            string status;
            try
            {
                status = await Context.Client.GetUnitStatusAsync(name, cancellationToken);
            }
            catch (Exception ex) when (RemoteUnitCommand.ShouldFallBack(ex))
            {
                await Context.Console.Out.FlushAsync(cancellationToken);
                var exit = await RemoteUnitCommand.RunAsync(Context, unit, parse.GetValue(_sshPort), ["systemctl", "status", "-l", name], cancellationToken);
                if (exit != 0)
                {
                    return exit;
                }

                continue;
            }
            catch (Exception ex) when (ApiFailure.Is(ex))
            {
                throw new CommandFailedException($"Error retrieving status of unit {name}: {ex.Message}");
            }

            await Context.Console.Out.WriteAsync(status.EndsWith('\n') || status.Length == 0 ? status : status + "\n");
        }

        return 0;
    }
}
