using Fleet.Cli.Hosting;
using Fleet.Client;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Ssh;

/// <summary>fleet's own way to run <c>status</c> and <c>journal</c>: <c>systemctl</c>/<c>journalctl</c> over
/// OpenSSH on the machine running the unit. Used when the API cannot answer these itself.</summary>
internal static class RemoteUnitCommand
{
    /// <summary>True when the API cannot serve a unit's status or journal, so fleet's SSH way should be used:
    /// a server without those routes (coreos/fleet answers an unknown path with 404 and no message) or a fleetd
    /// that cannot forward to the unit's machine (502, e.g. that machine listens on a unix socket only).</summary>
    public static bool ShouldFallBack(Exception exception) => exception is FleetApiException api
        && (api.StatusCode == 502 || (api.StatusCode is 404 or 405 && api.ServerMessage.Length == 0));

    /// <summary>Runs <paramref name="command"/> on the machine of <paramref name="unit"/> (its primary IP,
    /// <paramref name="sshPort"/>) through OpenSSH with the terminal's streams; returns the remote exit code.</summary>
    /// <exception cref="CommandFailedException">The unit's machine is unknown or has no IP, or ssh cannot start.</exception>
    public static async Task<int> RunAsync(CliContext context, Unit unit, int sshPort, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var machine = string.IsNullOrEmpty(unit.MachineId) ? null : await context.FindMachineAsync(unit.MachineId, cancellationToken);
        if (machine is null || string.IsNullOrEmpty(machine.PrimaryIp))
        {
            throw new CommandFailedException($"Unable to reach the machine of unit {unit.Name}: machine {unit.MachineId} is not registered or has no IP");
        }

        context.Debug($"the API cannot serve unit {unit.Name} itself; running {string.Join(' ', command)} over SSH on {machine.PrimaryIp}");
        var settings = SshSettings.From(context);
        var args = SshArguments.For(settings, machine.PrimaryIp, sshPort, forwardAgent: false, useTunnel: true, [string.Join(' ', command)]);
        return await SshLauncher.RunAsync(settings, args, cancellationToken);
    }
}
