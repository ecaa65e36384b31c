using Fleet.Core.Units;
using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Registry.Tests;

/// <summary>What the in-memory registry adds to the contracts: clock-driven leases, keep-alives that are
/// not events, bounded history and watcher buffers, disposal.</summary>
[Trait("Category", "Unit")]
public sealed class InMemoryRegistryTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly InMemoryRegistryHarness _harness;

    public InMemoryRegistryTests() => _harness = new InMemoryRegistryHarness(new InMemoryRegistryOptions { HistoryLimit = 16, WatchBufferCapacity = 4 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private InMemoryRegistry Registry => _harness.Registry;

    public void Dispose() => Registry.Dispose();

    [Fact]
    public async Task KeepAlive_ManyTtlsPass_PresenceStaysAndNoWatchEvent()
    {
        await using var session = await Registry.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token);
        var start = (await Registry.Machines.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Registry.Machines.WatchAsync(start, ct), Token);

        for (var i = 0; i < 30; i++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(start, Registry.Revision);
        await using var marker = await Registry.Machines.TryRegisterAsync(Machine("machine-b"), Ttl, Token);
        var change = await watch.NextChangeAsync("machine-b's arrival, the first change after keep-alives");
        Assert.Equal(MachineId("machine-b"), change.Key);
        Assert.False(session!.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Lease_KeepAlivesStopped_ExpiresOnlyAfterTtl()
    {
        var session = (InMemoryMachineSession)(await Registry.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token))!;

        session.StopKeepAlive();
        _harness.Time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Single((await Registry.Machines.ListAsync(Token)).Items);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty((await Registry.Machines.ListAsync(Token)).Items);
        Assert.True(session.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Watch_ReaderFallsBehindItsBuffer_GetsResetWithCurrentState()
    {
        var start = Registry.Revision;
        await using var watch = WatchProbe.Start(ct => Registry.Units.WatchAsync(start, ct), Token);
        var (first, firstFile) = Unit("first.service", "first");
        await Registry.Units.PutAsync(first, firstFile, Token);
        await watch.NextChangeAsync("the first put, which registers the watcher");

        for (var i = 0; i < 10; i++)
        {
            var (unit, file) = Unit($"u{i}.service", $"u{i}");
            await Registry.Units.PutAsync(unit, file, Token);
        }

        WatchEvent<UnitName, UnitRecord> next;
        do
        {
            next = await watch.NextEventAsync("a reset after the buffer of 4 overflowed");
        }
        while (next is WatchChanges<UnitName, UnitRecord>);

        var reset = Assert.IsType<WatchReset<UnitName, UnitRecord>>(next);
        Assert.Equal((await Registry.Units.ListAsync(Token)).Items, reset.Items);
        Assert.Equal(Registry.Revision, reset.Revision);
    }

    [Fact]
    public async Task Watch_FromRevisionOlderThanHistoryLimit_GetsReset()
    {
        var start = Registry.Revision;
        for (var i = 0; i < 20; i++)
        {
            var (unit, file) = Unit($"u{i}.service", $"u{i}");
            await Registry.Units.PutAsync(unit, file, Token);
        }

        await using var old = WatchProbe.Start(ct => Registry.Units.WatchAsync(start, ct), Token);
        await using var recent = WatchProbe.Start(ct => Registry.Units.WatchAsync(Registry.Revision - 2, ct), Token);

        Assert.IsType<WatchReset<UnitName, UnitRecord>>(await old.NextEventAsync("a reset: 20 changes exceed the history of 16"));
        var change = await recent.NextChangeAsync("the second to last put, still in the history");
        Assert.Equal("u18.service", change.Key.Value);
    }

    [Fact]
    public async Task Dispose_WhileWatching_WatchEndsWithRegistryUnavailable()
    {
        var probe = WatchProbe.Start(ct => Registry.Units.WatchAsync(Registry.Revision, ct), Token);
        var pending = probe.NextEventAsync("the end of the watch");

        Registry.Dispose();

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => pending);
        await Assert.ThrowsAsync<RegistryUnavailableException>(async () => await Registry.Units.ListAsync(Token));
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsNamingEachSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            InMemoryRegistry.Create(TimeProvider.System, new InMemoryRegistryOptions { HistoryLimit = 0, WatchBufferCapacity = -1 }));

        Assert.Contains(nameof(InMemoryRegistryOptions.HistoryLimit), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InMemoryRegistryOptions.WatchBufferCapacity), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryApplyAsync_InactivePlacement_ThrowsNamingUnitAndMachine()
    {
        await using var leader = await Registry.Leaders.CampaignAsync(MachineId("engine"), Ttl, Token);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Registry.Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(Entry("x.service", "machine-a", File("x").Hash, TargetState.Inactive))], Token));

        Assert.Contains("x.service", error.Message, StringComparison.Ordinal);
        Assert.Contains("machine-a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryPublishAsync_SessionOfAnotherMachine_Throws()
    {
        await using var session = await Registry.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Registry.UnitStates.TryPublishAsync(session!, State("web.service", "machine-b"), Token));
    }

    [Fact]
    public async Task SetMetadataAsync_SameValueAgain_NoPresenceRewrite()
    {
        await using var session = await Registry.Machines.TryRegisterAsync(Machine("machine-a", ("role", "db")), Ttl, Token);
        var start = Registry.Revision;
        await using var watch = WatchProbe.Start(ct => Registry.Machines.WatchAsync(start, ct), Token);

        await Registry.Machines.SetMetadataAsync(MachineId("machine-a"), "role", "db", Token);
        await using var marker = await Registry.Machines.TryRegisterAsync(Machine("machine-b"), Ttl, Token);

        Assert.Equal(MachineId("machine-b"), (await watch.NextChangeAsync("machine-b's arrival")).Key);
    }
}
