using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Daemon.Api;
using Fleet.Registry;
using Fleet.Registry.InMemory;

namespace Fleet.Daemon.Tests.Api;

/// <summary>The owner of a unit's journal and status, over a real in-memory registry.</summary>
[Trait("Category", "Unit")]
public sealed class UnitOwnerResolverTests : IAsyncDisposable
{
    private readonly InMemoryRegistry _registry = InMemoryRegistry.Create(TimeProvider.System);
    private readonly List<IMachineSession> _sessions = [];
    private readonly UnitOwnerResolver _resolver;
    private ILeadership? _leadership;

    public UnitOwnerResolverTests()
    {
        var local = new FixedLocalMachine(new MachineState { Id = MachineId.Parse("self"), ApiEndpoint = "http://127.0.0.1:1" });
        _resolver = new UnitOwnerResolver(_registry.Units, _registry.Schedule, _registry.UnitStates, _registry.Machines, local);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resolve_UnknownUnit_404UnitDoesNotExist()
    {
        var owner = await _resolver.ResolveAsync(UnitName.Parse("nothere.service"), Ct);

        Assert.Equal((404, "unit does not exist"), (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_UnscheduledWithoutState_404NotScheduled()
    {
        await PutUnitAsync("idle.service");

        var owner = await _resolver.ResolveAsync(UnitName.Parse("idle.service"), Ct);

        Assert.Equal((404, "unit idle.service is not scheduled to any machine"), (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_ScheduledHere_Local()
    {
        var unit = await PutUnitAsync("here.service");
        await ScheduleAsync(unit, "self");

        Assert.True((await _resolver.ResolveAsync(unit.Name, Ct)).IsLocal);
    }

    [Fact]
    public async Task Resolve_ScheduledOnRegisteredMachine_ThatMachine()
    {
        var unit = await PutUnitAsync("there.service");
        await RegisterAsync("other", "http://127.0.0.2:49153");
        await ScheduleAsync(unit, "other");

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal(("other", "http://127.0.0.2:49153"), (owner.Remote?.Id.Value, owner.Remote?.ApiEndpoint));
    }

    [Fact]
    public async Task Resolve_NotScheduledButReportingAState_TheReportingMachine()
    {
        var unit = await PutUnitAsync("leaving.service");
        var session = await RegisterAsync("other", "http://127.0.0.2:49153");
        Assert.True(await _registry.UnitStates.TryPublishAsync(session,
            new UnitStateRecord(unit.Name, session.Machine, unit.Hash, new UnitState("loaded", "active", "running"), TargetState.Launched), Ct));

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal("other", owner.Remote?.Id.Value);
    }

    [Fact]
    public async Task Resolve_OwnerNotRegistered_502()
    {
        var unit = await PutUnitAsync("orphan.service");
        await ScheduleAsync(unit, "gone");

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal((502, "machine gone running unit orphan.service is not registered in the cluster (it may be down)"), (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_OwnerWithoutEndpoint_502()
    {
        var unit = await PutUnitAsync("socketonly.service");
        await RegisterAsync("other", string.Empty);
        await ScheduleAsync(unit, "other");

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal((502, "machine other running unit socketonly.service publishes no API endpoint (its api_listen has no http:// address)"),
            (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_OwnerPublishesThisMachinesEndpoint_502InsteadOfALoop()
    {
        var unit = await PutUnitAsync("loopback.service");
        await RegisterAsync("other", "http://127.0.0.1:1");
        await ScheduleAsync(unit, "other");

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal((502, "machine other running unit loopback.service publishes the API endpoint http://127.0.0.1:1, which is this machine's own; give api_listen an address other machines can reach"),
            (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_GlobalUnitOnOthersOnly_409NamingThem()
    {
        var unit = await PutUnitAsync("everywhere.service");
        await ScheduleAsync(unit, "b");
        await ScheduleAsync(unit, "a");

        var owner = await _resolver.ResolveAsync(unit.Name, Ct);

        Assert.Equal((409, "unit everywhere.service runs on several machines (a, b); ask the API of one of them"), (owner.FailureStatus, owner.FailureMessage));
    }

    [Fact]
    public async Task Resolve_GlobalUnitAlsoHere_Local()
    {
        var unit = await PutUnitAsync("everywhere.service");
        await ScheduleAsync(unit, "a");
        await ScheduleAsync(unit, "self");

        Assert.True((await _resolver.ResolveAsync(unit.Name, Ct)).IsLocal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        if (_leadership is not null)
        {
            await _leadership.DisposeAsync();
        }

        _registry.Dispose();
    }

    private async Task<UnitRecord> PutUnitAsync(string name)
    {
        var file = UnitFile.FromOptions([new UnitOption("Service", "ExecStart", "/bin/sleep 100")]);
        var record = new UnitRecord(UnitName.Parse(name), file.Hash, TargetState.Launched, UnitRequirements.None);
        await _registry.Units.PutAsync(record, file, Ct);
        return record;
    }

    private async Task<IMachineSession> RegisterAsync(string id, string endpoint)
    {
        var session = await _registry.Machines.TryRegisterAsync(new MachineState { Id = MachineId.Parse(id), ApiEndpoint = endpoint }, TimeSpan.FromMinutes(10), Ct)
            ?? throw new InvalidOperationException($"machine {id} is already registered");
        _sessions.Add(session);
        return session;
    }

    private async Task ScheduleAsync(UnitRecord unit, string machine)
    {
        _leadership ??= await _registry.Leaders.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromMinutes(10), Ct);
        Assert.True(await _registry.Schedule.TryApplyAsync(_leadership.Fence,
            [ScheduleWrite.Put(new ScheduleEntry(unit.Name, MachineId.Parse(machine), unit.Hash, TargetState.Launched))], Ct));
    }

    private sealed class FixedLocalMachine(MachineState state) : ILocalMachine
    {
        public MachineState Current => state;
    }
}
