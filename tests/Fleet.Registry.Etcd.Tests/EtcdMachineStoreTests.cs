using Fleet.Core.Machines;
using Fleet.Testing.Etcd;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdMachineStoreTests(EtcdFixture etcd)
{
    [Fact]
    public async Task TryRegisterAsync_New_ListedWithItsState()
    {
        await using var registry = Connect(etcd);

        await using var session = await registry.Machines.TryRegisterAsync(Machine("m1", ("role", "web")), TimeSpan.FromSeconds(10), Timeout());

        Assert.NotNull(session);
        var listed = Assert.Single((await registry.Machines.ListAsync(Timeout())).Items);
        Assert.Equal(Machine("m1", ("role", "web")).Metadata, listed.Metadata);
        Assert.Equal("127.0.0.1", listed.PublicIp);
    }

    [Fact]
    public async Task TryRegisterAsync_SameIdAlreadyPresent_ReturnsNull()
    {
        await using var registry = Connect(etcd);
        await using var first = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());

        var second = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task DisposeAsync_Session_PresenceGoneAndIdFreeAgain()
    {
        await using var registry = Connect(etcd);
        var session = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());

        await session!.DisposeAsync();

        Assert.Empty((await registry.Machines.ListAsync(Timeout())).Items);
        Assert.True(session.Lost.IsCancellationRequested);
        await using var again = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());
        Assert.NotNull(again);
    }

    [Fact]
    public async Task SetMetadataAsync_OverlaysConfiguredAndSurvivesAbsence()
    {
        await using var registry = Connect(etcd);
        var id = MachineId.Parse("m1");
        await registry.Machines.SetMetadataAsync(id, "role", "db", Timeout());
        await registry.Machines.SetMetadataAsync(id, "extra", "yes", Timeout());
        await registry.Machines.SetMetadataAsync(id, "extra", null, Timeout());

        await using var session = await registry.Machines.TryRegisterAsync(Machine("m1", ("role", "web"), ("zone", "a")), TimeSpan.FromSeconds(10), Timeout());

        var listed = Assert.Single((await registry.Machines.ListAsync(Timeout())).Items);
        Assert.Equal([("role", "db"), ("zone", "a")], listed.Metadata.Select(kv => (kv.Key, kv.Value)));
    }

    [Fact]
    public async Task WatchAsync_JoinMetadataLeave_PutPutDeleteWithEffectiveState()
    {
        await using var registry = Connect(etcd);
        var start = (await registry.Machines.ListAsync(Timeout())).Revision;
        await using var watch = registry.Machines.WatchAsync(start, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var session = await registry.Machines.TryRegisterAsync(Machine("m1", ("role", "web")), TimeSpan.FromSeconds(10), Timeout());
        await registry.Machines.SetMetadataAsync(MachineId.Parse("m1"), "role", "db", Timeout());
        await registry.Machines.SetMetadataAsync(MachineId.Parse("m9"), "role", "absent", Timeout());
        await session!.DisposeAsync();

        var changes = new List<Change<MachineId, MachineState>>();
        while (changes.Count < 3)
        {
            changes.AddRange(Assert.IsType<WatchChanges<MachineId, MachineState>>(await NextAsync(watch)).Changes);
        }

        Assert.Equal([ChangeKind.Put, ChangeKind.Put, ChangeKind.Delete], changes.Select(c => c.Kind));
        Assert.Equal("web", changes[0].Value!.Metadata["role"]);
        Assert.Equal("db", changes[1].Value!.Metadata["role"]);
        Assert.All(changes, c => Assert.Equal("m1", c.Key.Value));
    }

    [Fact]
    public async Task TryUpdateAsync_LiveSession_NewStateListed()
    {
        await using var registry = Connect(etcd);
        await using var session = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());

        Assert.True(await session!.TryUpdateAsync(Machine("m1") with { PublicIp = "10.0.0.9" }, Timeout()));

        Assert.Equal("10.0.0.9", Assert.Single((await registry.Machines.ListAsync(Timeout())).Items).PublicIp);
    }
}
