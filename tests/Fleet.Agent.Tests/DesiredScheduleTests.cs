using Fleet.Agent.Reconciliation;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent.Tests;

[Trait("Category", "Unit")]
public sealed class DesiredScheduleTests
{
    private static readonly MachineId Machine = MachineId.Parse("machine-1");

    [Fact]
    public void TakeWork_New_IsAFullPass()
    {
        var work = new DesiredSchedule().TakeWork();

        Assert.True(work.All);
        Assert.Empty(work.Desired);
    }

    [Fact]
    public void TakeWork_AfterReplace_IsAFullPassWithEveryEntry_ThenNothing()
    {
        var schedule = new DesiredSchedule();
        _ = schedule.TakeWork();
        schedule.Replace(Entries(100));

        var work = schedule.TakeWork();
        var next = schedule.TakeWork();

        Assert.True(work.All);
        Assert.Equal(100, work.Desired.Count);
        Assert.False(next.All);
        Assert.Empty(next.Units);
        Assert.Empty(next.Desired);
    }

    [Fact]
    public void TakeWork_OneChangeAmongMany_HoldsOnlyTheChangedUnit()
    {
        var schedule = Converged(1000);

        schedule.Apply(Put("unit-500.service", body: 7, TargetState.Loaded));
        var work = schedule.TakeWork();

        Assert.False(work.All);
        Assert.Equal([Name("unit-500.service")], work.Units);
        Assert.Equal(new AgentUnit(Hash(7), TargetState.Loaded), Assert.Single(work.Desired).Value);
        Assert.Equal(1000, schedule.Count);
    }

    [Fact]
    public void TakeWork_UnitDeleted_NamesItWithoutAnEntry()
    {
        var schedule = Converged(10);

        schedule.Apply(Delete("unit-3.service"));
        var work = schedule.TakeWork();

        Assert.Equal([Name("unit-3.service")], work.Units);
        Assert.Empty(work.Desired);
        Assert.Equal(9, schedule.Count);
    }

    [Fact]
    public void TakeWork_ChangeArrivesAfterTheTake_IsInTheNextWork()
    {
        var schedule = Converged(10);
        schedule.Apply(Put("unit-1.service", body: 2, TargetState.Launched));
        var first = schedule.TakeWork();

        schedule.Apply(Put("unit-2.service", body: 2, TargetState.Launched)); // while the first pass runs
        var second = schedule.TakeWork();

        Assert.Equal([Name("unit-1.service")], first.Units);
        Assert.Equal([Name("unit-2.service")], second.Units);
        Assert.True(second.Desired.ContainsKey(Name("unit-2.service")));
    }

    [Fact]
    public void TakeWork_StateChangeMarked_HoldsThatUnitWithItsEntry()
    {
        var schedule = Converged(10);

        schedule.MarkChanged([Name("unit-4.service")]);
        var work = schedule.TakeWork();

        Assert.Equal([Name("unit-4.service")], work.Units);
        Assert.Equal(new AgentUnit(Hash(4), TargetState.Launched), work.Desired[Name("unit-4.service")]);
    }

    [Fact]
    public void Return_IncrementalWork_ComesBackWithTheChangesMadeMeanwhile()
    {
        var schedule = Converged(10);
        schedule.Apply(Put("unit-1.service", body: 2, TargetState.Launched));
        var failed = schedule.TakeWork();
        schedule.Apply(Put("unit-5.service", body: 2, TargetState.Launched));

        schedule.Return(failed);
        var retry = schedule.TakeWork();

        Assert.False(retry.All);
        Assert.Equal([Name("unit-1.service"), Name("unit-5.service")], retry.Units);
    }

    [Fact]
    public void Return_FullWork_NextPassIsFullAgain()
    {
        var schedule = new DesiredSchedule();
        schedule.Replace(Entries(3));
        var failed = schedule.TakeWork();

        schedule.Return(failed);
        var retry = schedule.TakeWork();

        Assert.True(retry.All);
        Assert.Equal(3, retry.Desired.Count);
    }

    [Fact]
    public void Replace_AfterChanges_IsAFullPassThatSupersedesThem()
    {
        var schedule = Converged(10);
        schedule.Apply(Delete("unit-1.service"));

        schedule.Replace(Entries(2));
        var work = schedule.TakeWork();

        Assert.True(work.All);
        Assert.Equal([Name("unit-0.service"), Name("unit-1.service")], work.Desired.Keys.Order());
    }

    [Fact]
    public void TakeWork_LastUnitOfAHashRemoved_ReleasesTheHashOnce()
    {
        var schedule = Converged(3);

        schedule.Apply(Delete("unit-1.service"));
        var work = schedule.TakeWork();

        Assert.Equal([Hash(1)], work.ReleasedHashes);
        Assert.Empty(schedule.TakeWork().ReleasedHashes);
    }

    [Fact]
    public void TakeWork_HashStillReferencedOrReferencedAgain_IsNotReleased()
    {
        var schedule = Converged(3);
        schedule.Apply(Put("shared.service", body: 1, TargetState.Loaded));

        schedule.Apply(Delete("unit-1.service"));           // shared.service still uses body 1
        schedule.Apply(Put("unit-2.service", body: 9, TargetState.Loaded));
        schedule.Apply(Put("unit-2.service", body: 2, TargetState.Loaded)); // body 2 released, then used again
        var work = schedule.TakeWork();

        Assert.Equal([Hash(9)], work.ReleasedHashes); // only body 9 is referenced by nothing
    }

    private static DesiredSchedule Converged(int units)
    {
        var schedule = new DesiredSchedule();
        schedule.Replace(Entries(units));
        Assert.True(schedule.TakeWork().All);
        return schedule;
    }

    private static IEnumerable<ScheduleEntry> Entries(int count) =>
        Enumerable.Range(0, count).Select(i => new ScheduleEntry(Name($"unit-{i}.service"), Machine, Hash(i), TargetState.Launched));

    private static Change<UnitName, ScheduleEntry> Put(string name, int body, TargetState state) =>
        new(ChangeKind.Put, Name(name), new ScheduleEntry(Name(name), Machine, Hash(body), state), Revision: 1);

    private static Change<UnitName, ScheduleEntry> Delete(string name) => new(ChangeKind.Delete, Name(name), null, Revision: 1);

    private static UnitName Name(string name) => UnitName.Parse(name);

    private static UnitHash Hash(int body) => UnitHash.Of($"unit body {body}");
}
