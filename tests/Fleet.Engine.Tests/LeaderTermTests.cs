using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Engine.Configuration;
using Fleet.Engine.Tests.Support;
using Fleet.Registry;
using Fleet.Registry.Etcd;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Engine.Tests;

/// <summary>A term's first read on a real etcd: units, machines and the schedule read concurrently in pages.</summary>
[Trait("Category", "Integration")]
public sealed class LeaderTermTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private static readonly TimeSpan MachineTtl = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly EtcdRegistry _registry = Connect(etcd, $"/fleet-engine-test-{Guid.NewGuid():N}/");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_EverythingReadInManyPages_NewLeaderKeepsEveryPlacementAndWritesOnlyTheNewUnit()
    {
        await JoinAsync("m1", "m2", "m3");
        for (var i = 0; i < 40; i++)
        {
            await SubmitAsync($"u{i:D2}.service");
        }

        var first = await StartEngineAsync("m1", new RecordingScheduleStore(_registry.Schedules));
        var placed = await WaitForScheduleAsync(e => e.Count == 40, "the first leader's 40 placements");
        await first.StopAsync(Ct); // resigns: the next engine is elected at once
        await SubmitAsync("new.service");
        _registry.ListPageSize = 7; // units, machines and the schedule each take several pages

        var writes = new RecordingScheduleStore(_registry.Schedules);
        var logger = new ListLogger<EngineService>();
        await StartEngineAsync("m2", writes, logger);
        var after = await WaitForScheduleAsync(e => e.Count == 41, "the new unit placed by the new leader");

        Assert.Equal(placed.OrderBy(e => e.Unit), after.Where(e => e.Unit.Value != "new.service").OrderBy(e => e.Unit));
        var write = Assert.Single(Assert.Single(writes.Calls).Writes);
        Assert.Equal((ChangeKind.Put, "new.service"), (write.Kind, write.Entry.Unit.Value));
        var least = placed.GroupBy(e => e.Machine).Where(g => g.Count() == 13).Select(g => g.Key).ToList(); // 14 + 13 + 13
        Assert.Contains(write.Entry.Machine, least);
        Assert.Contains(logger.Entries, e => e.Message == "Engine loaded 41 unit(s), 3 machine(s) and 40 schedule entries");
    }

    [Fact]
    public async Task RunAsync_UnitWrittenBetweenTheReadAndTheWatch_IsPlaced()
    {
        await JoinAsync("m1", "m2");
        await SubmitAsync("early.service");
        var units = new WriteAfterListUnitStore(_registry.Units, async store =>
        {
            var file = File("late.service");
            await store.PutAsync(new UnitRecord(UnitName.Parse("late.service"), file.Hash, TargetState.Launched, UnitRequirements.None), file, Ct);
        });

        await StartEngineAsync("m1", _registry.Schedules, units: units);

        var entries = await WaitForScheduleAsync(e => e.Count == 2, "both units placed");
        Assert.Equal(["early.service", "late.service"], entries.Select(e => e.Unit.Value).Order());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        await _registry.DisposeAsync();
    }

    private static EtcdRegistry Connect(EtcdFixture etcd, string prefix)
    {
        var options = new EtcdRegistryOptions { EtcdKeyPrefix = prefix, EtcdRequestTimeout = TimeSpan.FromSeconds(5) };
        options.EtcdServers.Clear();
        options.EtcdServers.Add(etcd.ClientUrl);
        return EtcdRegistry.Connect(options, TimeProvider.System, NullLoggerFactory.Instance, new Random(7));
    }

    private static UnitFile File(string name) => UnitFile.Parse($"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/bin/true\n").File!;

    private async Task JoinAsync(params string[] machines)
    {
        foreach (var machine in machines)
        {
            var session = await _registry.Machines.TryRegisterAsync(new MachineState { Id = MachineId.Parse(machine) }, MachineTtl, Ct)
                ?? throw new InvalidOperationException($"{machine} is already present");
            _cleanup.Add(session);
        }
    }

    private async Task SubmitAsync(string name)
    {
        var file = File(name);
        await _registry.Units.PutAsync(new UnitRecord(UnitName.Parse(name), file.Hash, TargetState.Launched, UnitRequirements.None), file, Ct);
    }

    private async Task<EngineService> StartEngineAsync(string machine, IScheduleStore schedule, ListLogger<EngineService>? logger = null, IUnitStore? units = null)
    {
        var options = new EngineOptions { MinRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        var engine = new EngineService(
            _registry.Leadership, units ?? _registry.Units, _registry.Machines, schedule,
            new StaticLocalMachine(new MachineState { Id = MachineId.Parse(machine) }), Options.Create(options), TimeProvider.System,
            logger ?? new ListLogger<EngineService>());
        await engine.StartAsync(Ct);
        _cleanup.Add(new Stopping(engine));
        return engine;
    }

    private async Task<IReadOnlyList<ScheduleEntry>> WaitForScheduleAsync(Func<IReadOnlyList<ScheduleEntry>, bool> condition, string description)
    {
        IReadOnlyList<ScheduleEntry> entries = [];
        await Eventually.UntilAsync(async () => condition(entries = (await _registry.Schedules.ListAsync(Ct)).Items), $"the schedule to show {description}");
        return entries;
    }

    private sealed class Stopping(EngineService engine) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await engine.StopAsync(CancellationToken.None);
            engine.Dispose();
        }
    }
}
