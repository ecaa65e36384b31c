using Fleet.Agent.Reconciliation;
using Fleet.Core.Units;

namespace Fleet.Agent.Tests.Reconciliation;

[Trait("Category", "Unit")]
public sealed class AgentReconcilerTests
{
    private const string NotScheduled = AgentTaskReasons.LoadedButNotScheduled;
    private const string NotLoaded = AgentTaskReasons.ScheduledButNotLoaded;
    private const string HashDiffers = AgentTaskReasons.LoadedButHashDiffers;
    private const string Start = AgentTaskReasons.LoadedDesiredStateLaunched;
    private const string Stop = AgentTaskReasons.LaunchedDesiredStateLoaded;
    private const string Reload = "ReloadUnitFiles: " + AgentTaskReasons.ReloadUnitFiles;

    // Units are written "name=hashSeed/state"; tasks are AgentTask.ToString() ("Kind unit: reason").
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        { "nothing anywhere", "", "", [] },
        { "desired equals current (loaded)", "a.service=1/loaded", "a.service=1/loaded", [] },
        { "desired equals current (launched)", "a.service=1/launched", "a.service=1/launched", [] },
        { "scheduled loaded, absent", "a.service=1/loaded", "", [$"LoadUnit a.service: {NotLoaded}", Reload] },
        {
            "scheduled launched, absent", "a.service=1/launched", "",
            [$"LoadUnit a.service: {NotLoaded}", Reload, $"StartUnit a.service: {Start}"]
        },
        { "loaded but not scheduled", "", "a.service=1/loaded", [$"UnloadUnit a.service: {NotScheduled}", Reload] },
        { "launched but not scheduled", "", "a.service=1/launched", [$"UnloadUnit a.service: {NotScheduled}", Reload] },
        { "desired inactive counts as not scheduled", "a.service=1/inactive", "a.service=1/launched", [$"UnloadUnit a.service: {NotScheduled}", Reload] },
        { "desired inactive, absent", "a.service=1/inactive", "", [] },
        { "loaded, desired launched", "a.service=1/launched", "a.service=1/loaded", [$"StartUnit a.service: {Start}"] },
        { "launched, desired loaded", "a.service=1/loaded", "a.service=1/launched", [$"StopUnit a.service: {Stop}"] },
        {
            "hash differs, launched stays launched", "a.service=2/launched", "a.service=1/launched",
            [$"UnloadUnit a.service: {HashDiffers}", $"LoadUnit a.service: {HashDiffers}", Reload, $"StartUnit a.service: {Start}"]
        },
        {
            "hash differs, loaded stays loaded", "a.service=2/loaded", "a.service=1/loaded",
            [$"UnloadUnit a.service: {HashDiffers}", $"LoadUnit a.service: {HashDiffers}", Reload]
        },
        {
            "hash differs, launched becomes loaded: no stop needed after the unload", "a.service=2/loaded", "a.service=1/launched",
            [$"UnloadUnit a.service: {HashDiffers}", $"LoadUnit a.service: {HashDiffers}", Reload]
        },
        {
            "tasks are ordered unload < load < reload < stop < start, then by name",
            "b.service=1/launched,c.service=1/loaded,d.service=1/launched,e.service=1/loaded",
            "a.service=1/loaded,c.service=1/launched,d.service=1/loaded,z.service=1/launched",
            [
                $"UnloadUnit a.service: {NotScheduled}", $"UnloadUnit z.service: {NotScheduled}",
                $"LoadUnit b.service: {NotLoaded}", $"LoadUnit e.service: {NotLoaded}", Reload,
                $"StopUnit c.service: {Stop}",
                $"StartUnit b.service: {Start}", $"StartUnit d.service: {Start}",
            ]
        },
        {
            "only starts and stops: no reload", "a.service=1/launched,b.service=1/loaded", "a.service=1/loaded,b.service=1/launched",
            [$"StopUnit b.service: {Stop}", $"StartUnit a.service: {Start}"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconcile_Table_ReturnsOrderedTasksWithReasons(string scenario, string desired, string current, string[] expected)
    {
        var tasks = AgentReconciler.Reconcile(ParseUnits(desired), ParseUnits(current));

        Assert.True(expected.SequenceEqual(tasks.Select(t => t.ToString())),
            $"{scenario}: expected [{string.Join("; ", expected)}] but got [{string.Join("; ", tasks)}]");
    }

    [Fact]
    public void Reconcile_LoadTask_CarriesTheDesiredHash()
    {
        var tasks = AgentReconciler.Reconcile(ParseUnits("a.service=2/loaded"), ParseUnits("a.service=1/loaded"));

        var load = Assert.Single(tasks, t => t.Kind == AgentTaskKind.LoadUnit);
        Assert.Equal(Hash(2), load.Hash);
        Assert.All(tasks.Where(t => t.Kind != AgentTaskKind.LoadUnit), t => Assert.Null(t.Hash));
    }

    [Fact]
    public void Reconcile_ReloadTask_HasNoUnit()
    {
        var tasks = AgentReconciler.Reconcile(ParseUnits("a.service=1/loaded"), ParseUnits(""));

        Assert.Null(Assert.Single(tasks, t => t.Kind == AgentTaskKind.ReloadUnitFiles).Unit);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconcile_EachUnitAlone_GivesTheFullPlansTasksForThatUnit(string scenario, string desired, string current, string[] expected)
    {
        _ = expected;
        var (desiredUnits, currentUnits) = (ParseUnits(desired), ParseUnits(current));
        var full = AgentReconciler.Reconcile(desiredUnits, currentUnits);

        foreach (var name in desiredUnits.Keys.Union(currentUnits.Keys))
        {
            var alone = AgentReconciler.Reconcile(desiredUnits, currentUnits, [name]);

            Assert.True(full.Where(t => t.Unit == name).SequenceEqual(alone.Where(t => t.Unit is not null)), $"{scenario}: {name}");
            Assert.All(alone, t => Assert.True(t.Unit is null || t.Unit == name, $"{scenario}: task {t} is not for {name}"));
        }
    }

    [Fact]
    public void Reconcile_GivenUnits_PlansOnlyThoseUnits()
    {
        var desired = ParseUnits("a.service=1/launched,b.service=1/launched,c.service=1/launched");

        var tasks = AgentReconciler.Reconcile(desired, ParseUnits(""), [UnitName.Parse("b.service")]);

        Assert.Equal(
            [$"LoadUnit b.service: {NotLoaded}", Reload, $"StartUnit b.service: {Start}"],
            tasks.Select(t => t.ToString()));
    }

    [Fact]
    public void Reconcile_GivenUnitMissingFromThePartialSchedule_UnloadsIt()
    {
        // An incremental pass passes only the changed units' entries: a unit without one is not scheduled.
        var current = ParseUnits("a.service=1/launched,b.service=1/launched");

        var tasks = AgentReconciler.Reconcile(ParseUnits(""), current, [UnitName.Parse("a.service"), UnitName.Parse("a.service")]);

        Assert.Equal([$"UnloadUnit a.service: {NotScheduled}", Reload], tasks.Select(t => t.ToString()));
    }

    [Fact]
    public void Reconcile_NoUnitsGiven_PlansNothing()
    {
        var tasks = AgentReconciler.Reconcile(ParseUnits("a.service=1/launched"), ParseUnits("b.service=1/launched"), []);

        Assert.Empty(tasks);
    }

    internal static UnitHash Hash(int seed) => UnitHash.Of($"unit body {seed}");

    private static Dictionary<UnitName, AgentUnit> ParseUnits(string text)
    {
        var units = new Dictionary<UnitName, AgentUnit>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, rest) = (item.Split('=')[0], item.Split('=')[1]);
            var (seed, state) = (int.Parse(rest.Split('/')[0]), rest.Split('/')[1]);
            Assert.True(TargetStates.TryParse(state, out var target), $"bad state in test data: {item}");
            units[UnitName.Parse(name)] = new AgentUnit(Hash(seed), target);
        }

        return units;
    }
}
