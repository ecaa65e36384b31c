using System.Globalization;
using Fleet.Agent.Systemd.Tests.Nspawn;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd.Tests;

/// <summary><c>systemd_user=true</c> against a real <c>systemd --user</c> (root's, started as a service in the
/// container) and its own bus: units go to the user manager, not the system's.</summary>
[Trait("Category", "Integration")]
public sealed class SystemdUserTests(NspawnSystemd systemd) : IClassFixture<NspawnSystemd>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadAndStart_SystemdUser_RunsTheUnitUnderTheUserManager()
    {
        systemd.Require();
        var (code, output) = await systemd.ExecAsync("sh", "-c",
            "mkdir -p -m 700 /run/user/0 && systemd-run --unit=fleet-user-manager -p Type=notify --setenv=XDG_RUNTIME_DIR=/run/user/0 /usr/lib/systemd/systemd --user");
        Assert.True(code == 0, output);
        var options = new SystemdUnitManagerOptions
        {
            SystemdUser = true,
            BusAddress = $"unix:path=/proc/{systemd.Leader.ToString(CultureInfo.InvariantCulture)}/root/run/user/0/bus",
            UnitsDirectory = systemd.UnitsDirectory,
            CommandPrefix = [.. systemd.CommandPrefix, "env", "XDG_RUNTIME_DIR=/run/user/0"],
        };
        await using var manager = new SystemdUnitManager(Options.Create(options), TimeProvider.System, NullLogger<SystemdUnitManager>.Instance);
        var journal = new SystemdUnitJournal(Options.Create(options), NullLogger<SystemdUnitJournal>.Instance);
        var name = SystemdTestUnits.NewName();

        await WaitForUserBusAsync(manager);
        await manager.LoadAsync(name, SystemdTestUnits.Unit("[Unit]\nDescription=user unit\n\n[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        await manager.ReloadAsync(Ct);
        await manager.StartAsync(name, Ct);

        await SystemdTestUnits.WaitForStateAsync(manager, name, new UnitState("loaded", "active", "running"), Ct);
        var system = await systemd.ExecAsync("systemctl", "show", "-p", "LoadState", name.Value);
        Assert.Equal("LoadState=not-found", system.Output.Trim()); // not the system manager's unit
        var status = await journal.GetStatusTextAsync(name, Ct);
        Assert.Contains($"{name} - user unit", status, StringComparison.Ordinal);
        Assert.Contains("Active: active (running)", status, StringComparison.Ordinal);
        Assert.Contains("/run/user/0/systemd/user/", status, StringComparison.Ordinal); // linked into the user manager's runtime dir
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
        await SystemdTestUnits.WaitForStateAsync(manager, name, new UnitState("not-found", "inactive", "dead"), Ct);
    }

    private static async Task WaitForUserBusAsync(SystemdUnitManager manager)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(SystemdTestUnits.Deadline.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            try
            {
                await manager.GetStatesAsync([SystemdTestUnits.NewName()], Ct);
                return;
            }
            catch (Fleet.Agent.UnitManagement.UnitManagerException) when (TimeProvider.System.GetTimestamp() < until)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
            }
        }
    }
}
