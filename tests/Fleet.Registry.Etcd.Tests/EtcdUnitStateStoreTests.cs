using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdUnitStateStoreTests(EtcdFixture etcd)
{
    private static readonly UnitHash Hash = File("s").Hash;

    private static UnitStateRecord State(string unit, string machine, string active = "active") =>
        new(UnitName.Parse(unit), MachineId.Parse(machine), Hash, new UnitState("loaded", active, "running"), TargetState.Launched);

    [Fact]
    public async Task TryPublishAsync_TwoMachines_ListedByUnitThenMachine()
    {
        await using var registry = Connect(etcd);
        await using var m1 = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());
        await using var m2 = await registry.Machines.TryRegisterAsync(Machine("m2"), TimeSpan.FromSeconds(10), Timeout());

        Assert.True(await registry.UnitStates.TryPublishAsync(m2!, State("a.service", "m2"), Timeout()));
        Assert.True(await registry.UnitStates.TryPublishAsync(m1!, State("b.service", "m1"), Timeout()));
        Assert.True(await registry.UnitStates.TryPublishAsync(m1!, State("a.service", "m1", "failed"), Timeout()));

        var all = await registry.UnitStates.ListAsync(Timeout());
        Assert.Equal([("a.service", "m1"), ("a.service", "m2"), ("b.service", "m1")],
            all.Items.Select(s => (s.Unit.Value, s.Machine.Value)));
        Assert.Equal(State("a.service", "m1", "failed"), all.Items[0]);
        Assert.Equal(["m1", "m2"], (await registry.UnitStates.ListUnitAsync(UnitName.Parse("a.service"), Timeout())).Select(s => s.Machine.Value));
    }

    [Fact]
    public async Task RemoveAsync_OwnState_OtherMachinesStay()
    {
        await using var registry = Connect(etcd);
        await using var m1 = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());
        await using var m2 = await registry.Machines.TryRegisterAsync(Machine("m2"), TimeSpan.FromSeconds(10), Timeout());
        await registry.UnitStates.TryPublishAsync(m1!, State("g.service", "m1"), Timeout());
        await registry.UnitStates.TryPublishAsync(m2!, State("g.service", "m2"), Timeout());

        await registry.UnitStates.RemoveAsync(m1!, UnitName.Parse("g.service"), Timeout());

        Assert.Equal("m2", Assert.Single(await registry.UnitStates.ListUnitAsync(UnitName.Parse("g.service"), Timeout())).Machine.Value);
    }

    [Fact]
    public async Task DisposeAsync_Session_ItsStatesVanish()
    {
        await using var registry = Connect(etcd);
        var m1 = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());
        await registry.UnitStates.TryPublishAsync(m1!, State("a.service", "m1"), Timeout());

        await m1!.DisposeAsync();

        Assert.Empty((await registry.UnitStates.ListAsync(Timeout())).Items);
        Assert.False(await registry.UnitStates.TryPublishAsync(m1, State("a.service", "m1"), Timeout()));
    }

    [Fact]
    public async Task TryPublishAsync_OtherMachinesState_Throws()
    {
        await using var registry = Connect(etcd);
        await using var m1 = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(10), Timeout());

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.UnitStates.TryPublishAsync(m1!, State("a.service", "m2"), Timeout()));
    }
}
