using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Ssh;
using Fleet.Cli.Units;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary><c>ssh {MACHINE|UNIT} [command]</c>: opens OpenSSH to a machine (by ID prefix) or to the machine
/// running a unit; the exit code is ssh's.</summary>
internal sealed class SshCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _args = new("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "{MACHINE|UNIT} [-- command...]" };
    private readonly Option<string> _machine = new("--machine", "-m") { Description = "Open SSH connection to a specific machine." };
    private readonly Option<string> _unit = new("--unit", "-u") { Description = "Open SSH connection to machine running provided unit." };
    private readonly Option<bool> _forwardAgent = new("--forward-agent", "-A", "--A") { Description = "Forward local ssh-agent to target machine." };
    private readonly Option<int> _sshPort = new("--ssh-port") { Description = "Connect to remote hosts over SSH using this TCP port.", DefaultValueFactory = _ => 22 };

    protected override Command Create()
    {
        var command = new Command("ssh", "Open interactive shell on a machine in the cluster") { _args, _machine, _unit, _forwardAgent, _sshPort };
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = (parse.GetValue(_args) ?? []).Concat(parse.UnmatchedTokens).ToList();
        var machineFlag = parse.GetValue(_machine);
        var unitFlag = parse.GetValue(_unit);
        if (!string.IsNullOrEmpty(machineFlag) && !string.IsNullOrEmpty(unitFlag))
        {
            throw new CommandFailedException("Both machine and unit flags provided, please specify only one.");
        }

        Machine target;
        try
        {
            target = await ResolveAsync(machineFlag, unitFlag, args, cancellationToken);
        }
        catch (SshTargetException ex)
        {
            throw new CommandFailedException($"Unable to proceed: {ex.Message}");
        }

        if (string.IsNullOrEmpty(target.PrimaryIp))
        {
            throw new CommandFailedException($"Unable to proceed: machine {target.Id} has no known IP address");
        }

        if (args.Count > 0 && args[0] == "--")
        {
            args.RemoveAt(0);
        }

        var settings = SshSettings.From(Context);
        var sshArgs = SshArguments.For(settings, target.PrimaryIp, parse.GetValue(_sshPort), parse.GetValue(_forwardAgent), useTunnel: true, args.Count == 0 ? [] : [string.Join(' ', args)]);
        Context.Debug($"Running {settings.Program} {string.Join(' ', sshArgs)}");
        return await SshLauncher.RunAsync(settings, sshArgs, cancellationToken);
    }

    // Resolves the target; consumes the first argument when it names the machine or unit.
    private async Task<Machine> ResolveAsync(string? machineFlag, string? unitFlag, List<string> args, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(machineFlag))
        {
            return await MachineByPrefixAsync(machineFlag, cancellationToken) ?? throw new SshTargetException("could not find matching machine");
        }

        if (!string.IsNullOrEmpty(unitFlag))
        {
            return await MachineOfUnitAsync(unitFlag, cancellationToken) ?? throw new SshTargetException("could not find matching unit");
        }

        if (args.Count == 0 || args[0] == "--")
        {
            throw new SshTargetException("provide one machine or unit");
        }

        var lookup = args[0];
        args.RemoveAt(0);
        var machine = await MachineByPrefixAsync(lookup, cancellationToken);
        var unitMachine = await MachineOfUnitAsync(lookup, cancellationToken);
        return (machine, unitMachine) switch
        {
            (not null, not null) => throw new SshTargetException($"ambiguous argument, both machine and unit found for `{lookup}`.\nPlease use flag `-m` or `-u` to refine the search"),
            (not null, null) => machine,
            (null, not null) => unitMachine,
            _ => throw new SshTargetException("could not find matching unit or machine"),
        };
    }

    private async Task<Machine?> MachineByPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var machines = (await Context.GetMachinesAsync(cancellationToken)).Values.Where(m => m.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return machines.Count > 1 ? throw new SshTargetException("found more than one machine") : machines.FirstOrDefault();
    }

    private async Task<Machine?> MachineOfUnitAsync(string name, CancellationToken cancellationToken)
    {
        var unit = await Context.Client.GetUnitAsync(UnitNames.Mangle(name), cancellationToken);
        if (unit is null)
        {
            return null;
        }

        if (GlobalUnits.IsGlobal(unit))
        {
            throw new SshTargetException("global units unsupported");
        }

        return string.IsNullOrEmpty(unit.MachineId) ? null : await Context.FindMachineAsync(unit.MachineId, cancellationToken);
    }
}
