using Fleet.Core.Units;
using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The <see cref="IUnitStateStore"/> contract: states bound to the reporting machine's session.</summary>
public abstract class UnitStateStoreContractTests : RegistryContractTests
{
    private IUnitStateStore States => Harness.UnitStates;

    [Fact]
    public async Task TryPublishAsync_LiveSessions_ListedByUnitThenMachine()
    {
        await using var a = await RegisterAsync("machine-a");
        await using var b = await RegisterAsync("machine-b");

        Assert.True(await States.TryPublishAsync(b, State("web.service", "machine-b"), Token));
        Assert.True(await States.TryPublishAsync(a, State("web.service", "machine-a"), Token));
        Assert.True(await States.TryPublishAsync(a, State("db.service", "machine-a"), Token));

        var listed = (await States.ListAsync(Token)).Items;
        Assert.Equal(
            [State("db.service", "machine-a"), State("web.service", "machine-a"), State("web.service", "machine-b")],
            listed);
        Assert.Equal(
            [State("web.service", "machine-a"), State("web.service", "machine-b")],
            await States.ListUnitAsync(UnitName.Parse("web.service"), Token));
        Assert.Empty(await States.ListUnitAsync(UnitName.Parse("other.service"), Token));
    }

    [Fact]
    public async Task TryPublishAsync_SecondReport_ReplacesFirst()
    {
        await using var a = await RegisterAsync("machine-a");
        await States.TryPublishAsync(a, State("web.service", "machine-a", "activating", "start"), Token);

        await States.TryPublishAsync(a, State("web.service", "machine-a", "failed", "failed"), Token);

        Assert.Equal([State("web.service", "machine-a", "failed", "failed")], (await States.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task RemoveAsync_OneMachine_OtherMachinesStatesOfTheUnitStay()
    {
        await using var a = await RegisterAsync("machine-a");
        await using var b = await RegisterAsync("machine-b");
        await States.TryPublishAsync(a, State("web.service", "machine-a"), Token);
        await States.TryPublishAsync(b, State("web.service", "machine-b"), Token);

        await States.RemoveAsync(a, UnitName.Parse("web.service"), Token);

        Assert.Equal([State("web.service", "machine-b")], (await States.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task ExpireAsync_Session_ItsStatesVanishOthersStay()
    {
        var a = await RegisterAsync("machine-a");
        await using var b = await RegisterAsync("machine-b");
        await States.TryPublishAsync(a, State("web.service", "machine-a"), Token);
        await States.TryPublishAsync(a, State("db.service", "machine-a"), Token);
        await States.TryPublishAsync(b, State("web.service", "machine-b"), Token);

        await Harness.ExpireAsync(a, Token);

        Assert.Equal([State("web.service", "machine-b")], (await States.ListAsync(Token)).Items);
        Assert.False(await States.TryPublishAsync(a, State("web.service", "machine-a"), Token));
        Assert.Equal([State("web.service", "machine-b")], (await States.ListAsync(Token)).Items);
        await a.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_Session_ItsStatesVanish()
    {
        var a = await RegisterAsync("machine-a");
        await States.TryPublishAsync(a, State("web.service", "machine-a"), Token);

        await a.DisposeAsync();

        Assert.Empty((await States.ListAsync(Token)).Items);
    }

    private async Task<IMachineSession> RegisterAsync(string machine) =>
        await Harness.Machines.TryRegisterAsync(Machine(machine), Harness.LeaseTtl, Token)
        ?? throw new InvalidOperationException($"Could not register {machine}.");
}
