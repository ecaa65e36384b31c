using Fleet.Agent.Systemd.Tests.Nspawn;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd.Tests;

[Trait("Category", "Integration")]
public sealed class SystemdUnitManagerTests(NspawnSystemd systemd) : IClassFixture<NspawnSystemd>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadStartStopUnload_SleepService_StatesMatchSystemd()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();
        var file = Unit("[Unit]\nDescription=fleet test\n\n[Service]\nExecStart=/usr/bin/sleep 300\n");

        await manager.LoadAsync(name, file, Ct);
        await manager.ReloadAsync(Ct);
        Assert.Equal(new UnitState("loaded", "inactive", "dead"), (await manager.GetStatesAsync([name], Ct))[name]);
        Assert.Equal(file.Hash, (await manager.ListLoadedAsync(Ct))[name]);

        await manager.StartAsync(name, Ct);
        await WaitForStateAsync(manager, name, new UnitState("loaded", "active", "running"));

        await manager.StopAsync(name, Ct);
        await WaitForStateAsync(manager, name, new UnitState("loaded", "inactive", "dead"));

        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
        Assert.Equal(new UnitState("not-found", "inactive", "dead"), (await manager.GetStatesAsync([name], Ct))[name]);
        Assert.False((await manager.ListLoadedAsync(Ct)).ContainsKey(name));
        Assert.False(File.Exists(Path.Combine(systemd.UnitsDirectory, name.Value)));
    }

    [Fact]
    public async Task UnloadAsync_RunningUnitWithInstallSection_StopsDisablesAndForgetsIt()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();
        await manager.LoadAsync(name, Unit("[Service]\nExecStart=/usr/bin/sleep 300\n\n[Install]\nWantedBy=multi-user.target\n"), Ct);
        await manager.ReloadAsync(Ct);
        await manager.StartAsync(name, Ct);
        await WaitForStateAsync(manager, name, new UnitState("loaded", "active", "running"));

        await manager.UnloadAsync(name, Ct);
        await manager.UnloadAsync(name, Ct); // idempotent
        await manager.ReloadAsync(Ct);

        await WaitForStateAsync(manager, name, new UnitState("not-found", "inactive", "dead"));
    }

    [Fact]
    public async Task StartAsync_ExecStartFails_ReportsFailed()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();
        await manager.LoadAsync(name, Unit("[Service]\nExecStart=/usr/bin/false\n"), Ct);
        await manager.ReloadAsync(Ct);

        await manager.StartAsync(name, Ct);

        await WaitForStateAsync(manager, name, new UnitState("loaded", "failed", "failed"));
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
        await WaitForStateAsync(manager, name, new UnitState("not-found", "inactive", "dead"));
    }

    [Fact]
    public async Task GetStatesAsync_UnknownUnit_ReportsNotFound()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();

        var states = await manager.GetStatesAsync([name], Ct);

        Assert.Equal(new UnitState("not-found", "inactive", "dead"), states[name]);
    }

    [Fact]
    public async Task StartAsync_UnitNotLoaded_ThrowsNamingTheUnit()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();

        var error = await Assert.ThrowsAsync<UnitManagerException>(() => manager.StartAsync(name, Ct).AsTask());

        Assert.Contains(name.Value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchStateChangesAsync_UnitStarted_ReportsTheUnitThroughSignals()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();
        await manager.LoadAsync(name, Unit("[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        await manager.ReloadAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Deadline);
        await using var watch = manager.WatchStateChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync()); // on connect: every unit of the directory
        Assert.Contains(name, watch.Current);

        await manager.StartAsync(name, Ct);

        var state = new UnitState("loaded", "inactive", "dead");
        while (state.ActiveState != "active")
        {
            Assert.True(await watch.MoveNextAsync());
            if (watch.Current.Contains(name))
            {
                state = (await manager.GetStatesAsync([name], Ct))[name];
            }
        }

        Assert.Equal(new UnitState("loaded", "active", "running"), state);
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
    }

    [Fact]
    public async Task WatchStateChangesAsync_MoreUnitsThanMatchRules_ReportsEachUnitThroughOneRule()
    {
        systemd.Require();
        await using var manager = CreateManager(maxUnitMatchRules: 1);
        UnitName[] names = [NewName(), NewName(), NewName()];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Deadline);
        await using var watch = manager.WatchStateChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = watch.MoveNextAsync(); // connects with no unit tracked
        foreach (var name in names)
        {
            await manager.LoadAsync(name, Unit("[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct); // the second switches to one rule
        }

        await manager.ReloadAsync(Ct);
        await first;

        foreach (var name in names)
        {
            await manager.StartAsync(name, Ct);
            var state = (await manager.GetStatesAsync([name], Ct))[name];
            while (state.ActiveState != "active")
            {
                Assert.True(await watch.MoveNextAsync(), $"no signal for {name}");
                if (watch.Current.Contains(name))
                {
                    state = (await manager.GetStatesAsync([name], Ct))[name];
                }
            }
        }

        foreach (var name in names)
        {
            await manager.UnloadAsync(name, Ct);
        }

        await manager.ReloadAsync(Ct);
    }

    [Fact]
    public async Task ReloadAsync_ReplacedUnitFile_SystemdSeesTheNewFileAndUnchangedLoadsSkipTheReload()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var name = NewName();
        await manager.LoadAsync(name, Unit("[Unit]\nDescription=first\n\n[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        await manager.ReloadAsync(Ct);
        Assert.Equal("Description=first", (await systemd.ExecAsync("systemctl", "show", "-p", "Description", name.Value)).Output.Trim());
        var reloads = manager.Reloads;

        await manager.LoadAsync(name, Unit("[Unit]\nDescription=first\n\n[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct); // same file
        await manager.ReloadAsync(Ct);
        Assert.Equal(reloads, manager.Reloads);

        await manager.LoadAsync(name, Unit("[Unit]\nDescription=second\n\n[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        await manager.ReloadAsync(Ct);

        Assert.Equal(reloads + 1, manager.Reloads);
        Assert.Equal("Description=second", (await systemd.ExecAsync("systemctl", "show", "-p", "Description", name.Value)).Output.Trim());
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
    }

    [Fact]
    public async Task StartAsync_SocketActivatedService_ListensAndActivatesPerConnection()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var id = $"fleet-s-{Guid.NewGuid():N}"[..16];
        var socketPath = Path.Combine(systemd.UnitsDirectory, id + ".sock"); // the same path inside the container
        var socket = UnitName.Parse(id + ".socket");
        var service = UnitName.Parse(id + "@.service");
        await manager.LoadAsync(socket, Unit($"[Socket]\nListenStream={socketPath}\nAccept=yes\n"), Ct);
        await manager.LoadAsync(service, Unit("[Service]\nExecStart=/bin/echo hello from fleet\nStandardInput=socket\nStandardOutput=socket\n"), Ct);
        await manager.ReloadAsync(Ct);

        await manager.StartAsync(socket, Ct);

        await WaitForStateAsync(manager, socket, new UnitState("loaded", "active", "listening"));
        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await client.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath), Ct);
        await using var stream = new System.Net.Sockets.NetworkStream(client);
        using var reader = new StreamReader(stream);
        Assert.Equal("hello from fleet", await reader.ReadLineAsync(Ct));
        await manager.UnloadAsync(socket, Ct);
        await manager.UnloadAsync(service, Ct);
        await manager.ReloadAsync(Ct);
        await WaitForStateAsync(manager, socket, new UnitState("not-found", "inactive", "dead"));
    }

    [Fact]
    public async Task StartAsync_MoreUnitsThanPendingJobs_StartsEveryUnitAndFreesEveryPermit()
    {
        systemd.Require();
        await using var manager = CreateManager(maxPendingJobs: 2);
        var names = Enumerable.Range(0, 12).Select(_ => NewName()).ToArray();
        foreach (var name in names)
        {
            await manager.LoadAsync(name, Unit("[Service]\nExecStart=/usr/bin/sleep 300\n"), Ct);
        }

        await manager.ReloadAsync(Ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Deadline);
        await Task.WhenAll(names.Select(n => manager.StartAsync(n, timeout.Token).AsTask()));

        foreach (var name in names)
        {
            await WaitForStateAsync(manager, name, new UnitState("loaded", "active", "running"));
        }

        var until = TimeProvider.System.GetTimestamp() + (long)(Deadline.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (manager.PendingJobs > 0 && TimeProvider.System.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, Ct);
        }

        Assert.Equal(0, manager.PendingJobs);
        foreach (var name in names)
        {
            await manager.UnloadAsync(name, Ct);
        }

        await manager.ReloadAsync(Ct);
    }

    [Fact]
    public async Task WatchStateChangesAsync_BusUnreachable_RetriesUntilCancelled()
    {
        var options = new SystemdUnitManagerOptions
        {
            BusAddress = $"unix:path={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "nothing")}",
            UnitsDirectory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
        };
        await using var manager = new SystemdUnitManager(Options.Create(options), TimeProvider.System, NullLogger<SystemdUnitManager>.Instance);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in manager.WatchStateChangesAsync(cancel.Token))
            {
                Assert.Fail($"No batch expected without a bus, got {batch.Count} units.");
            }
        });
        var error = await Assert.ThrowsAsync<UnitManagerException>(() => manager.ReloadAsync(Ct).AsTask());
        Assert.Contains(options.BusAddress, error.Message, StringComparison.Ordinal);
    }

    private static UnitName NewName() => UnitName.Parse($"fleet-t-{Guid.NewGuid():N}"[..16] + ".service");

    private static UnitFile Unit(string text) => UnitFile.Parse(text).File ?? throw new InvalidOperationException("bad unit in test");

    private static async Task WaitForStateAsync(SystemdUnitManager manager, UnitName name, UnitState expected)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(Deadline.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var state = (await manager.GetStatesAsync([name], Ct))[name];
        while (state != expected && TimeProvider.System.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
            state = (await manager.GetStatesAsync([name], Ct))[name];
        }

        Assert.Equal(expected, state);
    }

    private SystemdUnitManager CreateManager(int maxUnitMatchRules = 256, int maxPendingJobs = 128) => new(
        Options.Create(new SystemdUnitManagerOptions
        {
            BusAddress = systemd.BusAddress,
            UnitsDirectory = systemd.UnitsDirectory,
            MaxUnitMatchRules = maxUnitMatchRules,
            MaxPendingJobs = maxPendingJobs,
        }),
        TimeProvider.System,
        NullLogger<SystemdUnitManager>.Instance);
}
