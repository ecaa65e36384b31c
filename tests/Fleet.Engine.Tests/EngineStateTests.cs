using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Scheduling;

namespace Fleet.Engine.Tests;

[Trait("Category", "Unit")]
public sealed class EngineStateTests
{
    private static readonly MachineId M1 = MachineId.Parse("m1");
    private static readonly MachineId M2 = MachineId.Parse("m2");
    private static readonly MachineId M3 = MachineId.Parse("m3");

    [Fact]
    public void Plan_SixUnitsThreeMachines_PutsTwoPerMachineWithHashAndTargetState()
    {
        var state = new EngineState();
        state.Load(Enumerable.Range(1, 6).Select(i => Unit($"u{i}.service", TargetState.Launched)), [Machine(M1), Machine(M2), Machine(M3)], []);

        var plan = state.Plan();

        Assert.Equal(6, plan.Decisions.Count);
        Assert.All(plan.Writes, w => Assert.Equal(ChangeKind.Put, w.Kind));
        Assert.All(plan.Writes.GroupBy(w => w.Entry.Machine), g => Assert.Equal(2, g.Count()));
        var first = plan.Writes.Single(w => w.Entry.Unit.Value == "u1.service").Entry;
        Assert.Equal(new ScheduleEntry(first.Unit, M1, Hash("u1.service"), TargetState.Launched), first);
        Assert.Empty(state.Plan().Writes);
    }

    [Fact]
    public void Plan_TargetStateChanged_RewritesTheEntryInPlaceWithoutADecision()
    {
        var state = Scheduled(out var entry);

        state.SetUnit(Unit("web.service", TargetState.Loaded));
        var plan = state.Plan();

        Assert.Empty(plan.Decisions);
        var write = Assert.Single(plan.Writes);
        Assert.Equal(ScheduleWrite.Put(entry with { TargetState = TargetState.Loaded }), write);
    }

    [Fact]
    public void Plan_HashChanged_RewritesTheEntryWithTheNewHash()
    {
        var state = Scheduled(out var entry);

        state.SetUnit(Unit("web.service", TargetState.Launched, version: 2));
        var write = Assert.Single(state.Plan().Writes);

        Assert.Equal(ScheduleWrite.Put(entry with { Hash = Hash("web.service", 2) }), write);
    }

    [Fact]
    public void Plan_SameRecordAgain_WritesNothing()
    {
        var state = Scheduled(out _);

        state.SetUnit(Unit("web.service", TargetState.Launched));

        Assert.Empty(state.Plan().Writes);
    }

    [Fact]
    public void Plan_UnitRemoved_DeletesItsEntryWithReason()
    {
        var state = Scheduled(out var entry);

        state.RemoveUnit(entry.Unit);
        var plan = state.Plan();

        Assert.Equal(ScheduleWrite.Delete(entry), Assert.Single(plan.Writes));
        Assert.Equal(DecisionKind.Unschedule, Assert.Single(plan.Decisions).Kind);
    }

    [Fact]
    public void Plan_TargetStateInactive_Unschedules()
    {
        var state = Scheduled(out var entry);

        state.SetUnit(Unit("web.service", TargetState.Inactive));
        var plan = state.Plan();

        Assert.Equal(ScheduleWrite.Delete(entry), Assert.Single(plan.Writes));
        Assert.Equal("target state inactive", Assert.Single(plan.Decisions).Reason);
    }

    [Fact]
    public void Plan_MachineRemoved_MovesItsUnitToAnotherMachine()
    {
        var state = Scheduled(out var entry);
        Assert.Equal(M1, entry.Machine);

        Assert.True(state.RemoveMachine(M1));
        var plan = state.Plan();

        Assert.Equal([ScheduleWrite.Delete(entry), ScheduleWrite.Put(entry with { Machine = M2 })], plan.Writes);
        Assert.Contains(plan.Decisions, d => d.Reason == "target Machine(m1) went away");
    }

    [Fact]
    public void Load_ScheduleAlreadyUpToDate_PlansNothing()
    {
        var unit = Unit("web.service", TargetState.Launched);
        var state = new EngineState();

        state.Load([unit], [Machine(M1), Machine(M2)], [new ScheduleEntry(unit.Name, M2, unit.Hash, unit.TargetState)]);

        Assert.Empty(state.Plan().Writes);
    }

    [Fact]
    public void Load_StaleEntryAndEntryOfUnknownUnit_RewritesOneAndDeletesTheOther()
    {
        var unit = Unit("web.service", TargetState.Launched, version: 2);
        var stale = new ScheduleEntry(unit.Name, M2, Hash("web.service"), TargetState.Loaded);
        var orphan = new ScheduleEntry(UnitName.Parse("gone.service"), M1, Hash("gone.service"), TargetState.Launched);
        var state = new EngineState();

        state.Load([unit], [Machine(M1), Machine(M2)], [stale, orphan]);
        var writes = state.Plan().Writes;

        Assert.Equal(2, writes.Count);
        Assert.Contains(ScheduleWrite.Delete(orphan), writes);
        Assert.Contains(ScheduleWrite.Put(stale with { Hash = unit.Hash, TargetState = TargetState.Launched }), writes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void LoadEntries_UnitsMachinesAndEntriesFedInAnyOrder_SamePlanAsLoad(int seed)
    {
        // What a term's concurrent read delivers, in an order that depends on which page arrives first.
        var units = Enumerable.Range(1, 12).Select(i => Unit($"u{i:D2}.service", i % 5 == 0 ? TargetState.Loaded : TargetState.Launched, version: i % 3 == 0 ? 2 : 1)).ToList();
        units.Add(Unit("global.service", TargetState.Launched) with { Requirements = UnitRequirements.None with { Global = true } });
        MachineState[] machines = [Machine(M1), Machine(M2), Machine(M3)];
        var entries = units.Take(8).Select((u, i) => new ScheduleEntry(u.Name, i % 2 == 0 ? M1 : MachineId.Parse("m9"), Hash(u.Name.Value), TargetState.Launched))
            .Append(new ScheduleEntry(UnitName.Parse("gone.service"), M2, Hash("gone.service"), TargetState.Launched))
            .Append(new ScheduleEntry(UnitName.Parse("global.service"), M3, Hash("global.service"), TargetState.Launched))
            .ToList();
        var inOrder = new EngineState();
        inOrder.Load(units, machines, entries);
        var expected = inOrder.Plan();
        List<Action<EngineState>> feeds =
        [
            .. units.Select(u => (Action<EngineState>)(s => s.SetUnit(u))),
            .. machines.Select(m => (Action<EngineState>)(s => s.SetMachine(m))),
            .. entries.Select(e => (Action<EngineState>)(s => s.LoadEntries([e]))),
        ];
        var shuffled = new EngineState();

        foreach (var feed in Shuffle(feeds, new Random(seed)))
        {
            feed(shuffled);
        }

        var actual = shuffled.Plan();
        Assert.NotEmpty(expected.Writes);
        Assert.Equal(expected.Decisions.OrderBy(d => (d.Unit, d.Machine)), actual.Decisions.OrderBy(d => (d.Unit, d.Machine)));
        Assert.Equal(expected.Writes.OrderBy(w => (w.Entry.Unit, w.Entry.Machine)), actual.Writes.OrderBy(w => (w.Entry.Unit, w.Entry.Machine)));
        Assert.Equal(inOrder.Entries.OrderBy(e => (e.Unit, e.Machine)), shuffled.Entries.OrderBy(e => (e.Unit, e.Machine)));
    }

    [Fact]
    public void Plan_GlobalUnit_OneEntryPerMatchingMachine()
    {
        var requirements = UnitRequirements.None with
        {
            Global = true,
            MachineMetadata = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal).Add("role", ["web"]),
        };
        var state = new EngineState();
        state.Load(
            [Unit("agent.service", TargetState.Launched) with { Requirements = requirements }],
            [Machine(M1, ("role", "web")), Machine(M2, ("role", "db")), Machine(M3, ("role", "web"))],
            []);

        var machines = state.Plan().Writes.Select(w => w.Entry.Machine).Order().ToList();

        Assert.Equal([M1, M3], machines);
    }

    [Fact]
    public void ResetMachines_ReportsWhoLeftAndWhoJoined()
    {
        var state = new EngineState();
        state.Load([], [Machine(M1), Machine(M2)], []);

        var (left, joined) = state.ResetMachines([Machine(M2), Machine(M3)]);

        Assert.Equal([M1], left);
        Assert.Equal([M3], joined);
    }

    private static EngineState Scheduled(out ScheduleEntry entry)
    {
        var state = new EngineState();
        state.Load([Unit("web.service", TargetState.Launched)], [Machine(M1), Machine(M2)], []);
        entry = Assert.Single(state.Plan().Writes).Entry;
        return state;
    }

    private static T[] Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }

    private static UnitHash Hash(string name, int version = 1) => UnitHash.Of($"{name} v{version}");

    private static UnitRecord Unit(string name, TargetState state, int version = 1) =>
        new(UnitName.Parse(name), Hash(name, version), state, UnitRequirements.None);

    private static MachineState Machine(MachineId id, params (string Key, string Value)[] metadata) => new()
    {
        Id = id,
        Metadata = metadata.ToImmutableSortedDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
    };
}
