using Fleet.Core.Machines;
using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The <see cref="IMachineStore"/> contract: leased presence, duplicates, dynamic metadata.</summary>
public abstract class MachineStoreContractTests : RegistryContractTests
{
    private IMachineStore Machines => Harness.Machines;

    [Fact]
    public async Task TryRegisterAsync_NewMachine_ListedWithItsState()
    {
        var machine = Machine("machine-a", ("region", "eu"));

        await using var session = await Machines.TryRegisterAsync(machine, Harness.LeaseTtl, Token);

        Assert.NotNull(session);
        Assert.Equal(machine.Id, session.Machine);
        Assert.False(session.Lost.IsCancellationRequested);
        var listed = Assert.Single((await Machines.ListAsync(Token)).Items);
        AssertSameMachine(machine, listed);
    }

    [Fact]
    public async Task TryRegisterAsync_SameIdWhileFirstIsLive_ReturnsNull()
    {
        await using var first = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);

        var duplicate = await Machines.TryRegisterAsync(Machine("machine-a", ("other", "identity")), Harness.LeaseTtl, Token);

        Assert.NotNull(first);
        Assert.Null(duplicate);
        AssertSameMachine(Machine("machine-a"), Assert.Single((await Machines.ListAsync(Token)).Items));
    }

    [Fact]
    public async Task TryRegisterAsync_AfterFirstSessionDisposed_Succeeds()
    {
        var first = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        Assert.NotNull(first);
        await first.DisposeAsync();

        await using var second = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);

        Assert.NotNull(second);
    }

    [Fact]
    public async Task DisposeAsync_Session_RemovesPresence()
    {
        var session = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        await using var other = await Machines.TryRegisterAsync(Machine("machine-b"), Harness.LeaseTtl, Token);
        Assert.NotNull(session);

        await session.DisposeAsync();

        Assert.Equal(["machine-b"], (await Machines.ListAsync(Token)).Items.Select(m => m.Id.Value));
    }

    [Fact]
    public async Task ExpireAsync_Session_PresenceGoneLostCancelledAndDeleteWatched()
    {
        var session = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        Assert.NotNull(session);
        var start = (await Machines.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Machines.WatchAsync(start, ct), Token);

        await Harness.ExpireAsync(session, Token);

        var change = await watch.NextChangeAsync("the delete of machine-a's presence");
        Assert.Equal((ChangeKind.Delete, MachineId("machine-a")), (change.Kind, change.Key));
        await WaitCancelledAsync("the session's Lost token after its lease expired", session.Lost);
        Assert.Empty((await Machines.ListAsync(Token)).Items);
        Assert.False(await session.TryUpdateAsync(Machine("machine-a"), Token));
        await session.DisposeAsync();
        await using var again = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task ListAsync_SeveralMachines_InIdOrder()
    {
        var sessions = new List<IMachineSession>();
        foreach (var id in new[] { "m-2", "m", "a", "m-1" })
        {
            sessions.Add((await Machines.TryRegisterAsync(Machine(id), Harness.LeaseTtl, Token))!);
        }

        Assert.Equal(["a", "m", "m-1", "m-2"], (await Machines.ListAsync(Token)).Items.Select(m => m.Id.Value));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryUpdateAsync_LiveSession_NewStateListedAndWatched()
    {
        await using var session = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        Assert.NotNull(session);
        var start = (await Machines.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Machines.WatchAsync(start, ct), Token);
        var updated = Machine("machine-a", ("region", "us")) with { PublicIp = "127.0.0.9" };

        Assert.True(await session.TryUpdateAsync(updated, Token));

        AssertSameMachine(updated, Assert.Single((await Machines.ListAsync(Token)).Items));
        var change = await watch.NextChangeAsync("the updated presence of machine-a");
        Assert.Equal(ChangeKind.Put, change.Kind);
        AssertSameMachine(updated, change.Value!);
    }

    [Fact]
    public async Task SetMetadataAsync_PresentMachine_OverlaysConfiguredMetadataAndWatchCarriesEffectiveState()
    {
        await using var session = await Machines.TryRegisterAsync(Machine("machine-a", ("region", "eu"), ("disk", "hdd")), Harness.LeaseTtl, Token);
        var start = (await Machines.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Machines.WatchAsync(start, ct), Token);

        await Machines.SetMetadataAsync(MachineId("machine-a"), "disk", "ssd", Token);

        var expected = Machine("machine-a", ("region", "eu"), ("disk", "ssd"));
        AssertSameMachine(expected, Assert.Single((await Machines.ListAsync(Token)).Items));
        var change = await watch.NextChangeAsync("machine-a's presence with disk=ssd");
        Assert.Equal((ChangeKind.Put, MachineId("machine-a")), (change.Kind, change.Key));
        AssertSameMachine(expected, change.Value!);
    }

    [Fact]
    public async Task SetMetadataAsync_AbsentMachine_AppliesWhenItRegistersAndOutlivesItsAbsence()
    {
        await Machines.SetMetadataAsync(MachineId("machine-a"), "role", "db", Token);
        Assert.Empty((await Machines.ListAsync(Token)).Items);

        var first = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);
        AssertSameMachine(Machine("machine-a", ("role", "db")), Assert.Single((await Machines.ListAsync(Token)).Items));
        await first!.DisposeAsync();
        await using var second = await Machines.TryRegisterAsync(Machine("machine-a"), Harness.LeaseTtl, Token);

        AssertSameMachine(Machine("machine-a", ("role", "db")), Assert.Single((await Machines.ListAsync(Token)).Items));
    }

    [Fact]
    public async Task SetMetadataAsync_NullOrEmptyValue_RemovesKeyFromEffectiveMetadata()
    {
        await using var session = await Machines.TryRegisterAsync(Machine("machine-a", ("region", "eu")), Harness.LeaseTtl, Token);
        await Machines.SetMetadataAsync(MachineId("machine-a"), "role", "db", Token);

        await Machines.SetMetadataAsync(MachineId("machine-a"), "role", null, Token);
        await Machines.SetMetadataAsync(MachineId("machine-a"), "region", string.Empty, Token);

        // fleet's PATCH remove hides the key, configured or dynamic.
        AssertSameMachine(Machine("machine-a"), Assert.Single((await Machines.ListAsync(Token)).Items));
    }

    /// <summary>Compares machine states field by field (metadata by entries).</summary>
    protected static void AssertSameMachine(MachineState expected, MachineState actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.PublicIp, actual.PublicIp);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.DisableEngine, actual.DisableEngine);
        Assert.Equal(expected.ApiEndpoint, actual.ApiEndpoint);
        Assert.Equal(expected.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
