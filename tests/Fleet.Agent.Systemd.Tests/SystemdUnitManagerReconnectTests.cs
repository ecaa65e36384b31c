using Fleet.Agent.Systemd.Tests.Nspawn;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd.Tests;

/// <summary>systemd re-executing and the bus going away, against a real systemd (its own container, because
/// these tests disturb it).</summary>
[Trait("Category", "Integration")]
public sealed class SystemdUnitManagerReconnectTests(NspawnSystemd systemd) : IClassFixture<NspawnSystemd>
{
    private static readonly UnitState Running = new("loaded", "active", "running");
    private static readonly UnitState Dead = new("loaded", "inactive", "dead");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WatchStateChangesAsync_SystemdReexecuted_ReportsEveryUnitAndKeepsWatching()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var first = await LoadAsync(manager);
        var second = await LoadAsync(manager);
        await manager.StartAsync(first, Ct);
        await SystemdTestUnits.WaitForStateAsync(manager, first, Running, Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(SystemdTestUnits.Deadline);
        await using var watch = manager.WatchStateChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync()); // on connect: every unit
        var before = manager.SignalsReceived;

        var (code, output) = await systemd.ExecAsync("systemctl", "daemon-reexec");

        Assert.True(code == 0, output);
        await NextBatchContainingAsync(watch, first, second); // systemd's new owner on the bus: everything re-read
        Assert.True(manager.SignalsReceived > before);
        Assert.Equal(Running, (await manager.GetStatesAsync([first], Ct))[first]);

        // Signals still arrive from the re-executed systemd.
        await manager.StartAsync(second, Ct);
        await WaitForStateThroughSignalsAsync(manager, watch, second, Running);
        await manager.UnloadAsync(first, Ct);
        await manager.UnloadAsync(second, Ct);
        await manager.ReloadAsync(Ct);
    }

    [Fact]
    public async Task WatchStateChangesAsync_BusDownWhileUnitStops_ReconnectsAndReportsTheChange()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = await LoadAsync(manager);
        await manager.StartAsync(name, Ct);
        await SystemdTestUnits.WaitForStateAsync(manager, name, Running, Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(SystemdTestUnits.Deadline);
        await using var watch = manager.WatchStateChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync());
        var pending = watch.MoveNextAsync().AsTask();

        // The system bus goes away; the unit stops while nobody could tell the agent (systemctl uses systemd's private socket).
        var (code, output) = await systemd.ExecAsync("systemctl", "stop", "dbus.socket", "dbus.service");
        try
        {
            Assert.True(code == 0, output);
            await Assert.ThrowsAsync<Fleet.Agent.UnitManagement.UnitManagerException>(() => manager.GetStatesAsync([name], Ct).AsTask());
            (code, output) = await systemd.ExecAsync("systemctl", "stop", name.Value);
            Assert.True(code == 0, output);
            Assert.False(pending.IsCompleted, "no change can be reported while the bus is down");
        }
        finally
        {
            (code, output) = await systemd.ExecAsync("systemctl", "start", "dbus.socket", "dbus.service");
        }

        Assert.True(code == 0, output);

        Assert.True(await pending);
        var batch = watch.Current;
        while (!batch.Contains(name))
        {
            Assert.True(await watch.MoveNextAsync());
            batch = watch.Current;
        }

        Assert.Equal(Dead, (await manager.GetStatesAsync([name], Ct))[name]);

        // And the new connection watches again.
        await manager.StartAsync(name, Ct);
        await WaitForStateThroughSignalsAsync(manager, watch, name, Running);
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
    }

    private static async Task NextBatchContainingAsync(IAsyncEnumerator<IReadOnlyCollection<UnitName>> watch, params UnitName[] names)
    {
        do
        {
            Assert.True(await watch.MoveNextAsync());
        }
        while (!names.All(watch.Current.Contains));
    }

    private static async Task WaitForStateThroughSignalsAsync(SystemdUnitManager manager, IAsyncEnumerator<IReadOnlyCollection<UnitName>> watch, UnitName name, UnitState expected)
    {
        var state = (await manager.GetStatesAsync([name], Ct))[name];
        while (state != expected)
        {
            Assert.True(await watch.MoveNextAsync());
            if (watch.Current.Contains(name))
            {
                state = (await manager.GetStatesAsync([name], Ct))[name];
            }
        }
    }

    private static async Task<UnitName> LoadAsync(SystemdUnitManager manager)
    {
        var name = SystemdTestUnits.NewName();
        await manager.LoadAsync(name, SystemdTestUnits.Unit("[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        await manager.ReloadAsync(Ct);
        return name;
    }

    private SystemdUnitManager CreateManager() => new(
        Options.Create(new SystemdUnitManagerOptions
        {
            BusAddress = systemd.BusAddress,
            UnitsDirectory = systemd.UnitsDirectory,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        }),
        TimeProvider.System,
        NullLogger<SystemdUnitManager>.Instance);
}
