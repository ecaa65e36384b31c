using Fleet.Core.Units;
using static Fleet.Scheduling.Tests.TestCluster;

namespace Fleet.Scheduling.Tests;

/// <summary>One example per scheduling rule, expecting exact decisions and fleet's reason texts.</summary>
[Trait("Category", "Unit")]
public sealed class ClusterModelTests
{
    private const string NotScheduled = "target state launched and unit not scheduled";

    [Fact]
    public void Reconcile_EmptyModel_DecidesNothing() => Assert.Empty(new ClusterModel().Reconcile());

    [Fact]
    public void Reconcile_UnconstrainedUnits_LeastLoadedThenLowestId()
    {
        var model = new ClusterModel().WithMachines("m2", "m1").WithUnit("a.service").WithUnit("b.service").WithUnit("c.service");

        AssertDecisions(model.Reconcile(), Sched("a.service", "m1"), Sched("b.service", "m2"), Sched("c.service", "m1"));
        Assert.Equal(2, model.GetLoad(M("m1")));
    }

    [Fact]
    public void Reconcile_LoadedTarget_ReasonNamesTheTargetState()
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit("a.service", target: TargetState.Loaded);

        AssertDecisions(model.Reconcile(), Sched("a.service", "m1", "target state loaded and unit not scheduled"));
    }

    [Fact]
    public void Reconcile_InactiveUnit_IsNotScheduled() =>
        Assert.Empty(new ClusterModel().WithMachines("m1").WithUnit("a.service", target: TargetState.Inactive).Reconcile());

    [Fact]
    public void Reconcile_TargetBecomesInactive_UnschedulesWithFleetReason()
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit("a.service");
        model.Reconcile();

        model.WithUnit("a.service", target: TargetState.Inactive);

        AssertDecisions(model.Reconcile(), Unsched("a.service", "m1", "target state inactive"));
        Assert.Empty(model.GetMachines(U("a.service")));
    }

    [Fact]
    public void Reconcile_MachineIdFullOrShort_PlacesOnThatMachineOnly()
    {
        var model = new ClusterModel().WithMachines("0123456789abcdef", "fedcba9876543210")
            .WithUnit("a.service", Req(machineId: "fedcba98"))
            .WithUnit("b.service", Req(machineId: "fedcba9876543210"))
            .WithUnit("c.service", Req(machineId: "nothere"));

        AssertDecisions(model.Reconcile(),
            Sched("a.service", "fedcba9876543210"), Sched("b.service", "fedcba9876543210"));
        Assert.Equal([U("c.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_PlacedOnWrongMachine_UnschedulesWithAgentIdReasonAndMoves()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service", Req(machineId: "m2")).WithPlacement("a.service", "m1");

        AssertDecisions(model.Reconcile(),
            Unsched("a.service", "m1", "target Machine(m1) unable to run unit: agent ID \"m1\" does not match required \"m2\""),
            Sched("a.service", "m2"));
    }

    [Fact]
    public void Reconcile_MachineMetadata_ValuesOredKeysAnded()
    {
        var model = new ClusterModel()
            .WithMachine("m1", ("region", "us"), ("disk", "ssd"))
            .WithMachine("m2", ("region", "eu"), ("disk", "ssd"))
            .WithMachine("m3", ("region", "us"), ("disk", "hdd"))
            .WithUnit("a.service", Req(metadata: [("region", "us"), ("region", "eu"), ("disk", "ssd")]))
            .WithUnit("b.service", Req(metadata: [("region", "us"), ("region", "eu"), ("disk", "ssd")]))
            .WithUnit("c.service", Req(metadata: [("region", "us"), ("disk", "hdd")]))
            .WithUnit("d.service", Req(metadata: [("region", "asia")]));

        AssertDecisions(model.Reconcile(), Sched("a.service", "m1"), Sched("b.service", "m2"), Sched("c.service", "m3"));
        Assert.Equal([U("d.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_MetadataNoLongerMatches_UnschedulesWithFleetReason()
    {
        var model = new ClusterModel().WithMachine("m1", ("disk", "hdd")).WithMachine("m2", ("disk", "ssd"))
            .WithUnit("c.service", Req(metadata: [("disk", "hdd")]));
        model.Reconcile();

        model.WithMachine("m1", ("disk", "ssd"));

        AssertDecisions(model.Reconcile(),
            Unsched("c.service", "m1", "target Machine(m1) unable to run unit: local Machine metadata insufficient"));
        Assert.Equal([U("c.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_MachineOfPeerLaterInNameOrder_FollowerPlacedInSameReconcile()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("a-follower.service", Req(machineOf: ["z-peer.service"]))
            .WithUnit("z-peer.service");

        AssertDecisions(model.Reconcile(), Sched("z-peer.service", "m1"), Sched("a-follower.service", "m1"));
    }

    [Fact]
    public void Reconcile_PeerMoves_FollowerUnscheduledWithPeerReasonAndFollows()
    {
        var model = new ClusterModel().WithMachine("m1", ("role", "x")).WithMachine("m2", ("role", "x"))
            .WithUnit("f.service", Req(machineOf: ["p.service"]))
            .WithUnit("p.service", Req(metadata: [("role", "x")]));
        model.Reconcile();

        model.WithMachine("m1", ("role", "y"));

        AssertDecisions(model.Reconcile(),
            Unsched("p.service", "m1", "target Machine(m1) unable to run unit: local Machine metadata insufficient"),
            Unsched("f.service", "m1", "target Machine(m1) unable to run unit: required peer Unit(p.service) is not scheduled locally"),
            Sched("p.service", "m2"),
            Sched("f.service", "m2"));
    }

    [Fact]
    public void Reconcile_ConflictsGlob_SpreadsUnitsAndLeavesTheRestWaiting()
    {
        var conflicts = Req(conflicts: ["web-*.service"]);
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("web-1.service", conflicts).WithUnit("web-2.service", conflicts).WithUnit("web-3.service", conflicts);

        AssertDecisions(model.Reconcile(), Sched("web-1.service", "m1"), Sched("web-2.service", "m2"));
        Assert.Equal([U("web-3.service")], model.GetWaitingUnits());
    }

    [Theory]
    [InlineData("a.service", "b.service")]
    [InlineData("b.service", "a.service")]
    public void Reconcile_ConflictDeclaredOnOneSideOnly_AppliesBothWays(string declaring, string other)
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit(declaring, Req(conflicts: [other])).WithUnit(other);

        AssertDecisions(model.Reconcile(), Sched("a.service", "m1"));
        Assert.Equal([U("b.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_ConflictingUnitsLoadedOnOneMachine_UnschedulesLowerNameWithConflictReason()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("a.service").WithUnit("b.service", Req(conflicts: ["a.service"]))
            .WithPlacement("a.service", "m1").WithPlacement("b.service", "m1");

        AssertDecisions(model.Reconcile(),
            Unsched("a.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(b.service)"),
            Sched("a.service", "m2"));
    }

    [Fact]
    public void Reconcile_ReplacerLandsOnReplacedUnitsMachine_MovesReplacedUnitToLeastLoadedOther()
    {
        var model = new ClusterModel().WithMachine("m1", ("role", "db")).WithMachines("m2", "m3")
            .WithUnit("old.service").WithPlacement("old.service", "m1")
            .WithUnit("other.service").WithPlacement("other.service", "m2")
            .WithUnit("new.service", Req(metadata: [("role", "db")], replaces: ["old.service"]));

        AssertDecisions(model.Reconcile(),
            Sched("new.service", "m1"),
            Unsched("old.service", "m1", "target Machine(m1) unable to run unit: found replace with locally-scheduled Unit(new.service)"),
            Sched("old.service", "m3", "replaced by Unit(new.service) on Machine(m1)"));
        Assert.Empty(model.Reconcile());
    }

    [Fact]
    public void Reconcile_ReplacePairLoadedOnOneMachine_MovesTheReplacedUnit()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("a-old.service").WithUnit("b-new.service", Req(replaces: ["a-*.service"]))
            .WithPlacement("a-old.service", "m1").WithPlacement("b-new.service", "m1");

        AssertDecisions(model.Reconcile(),
            Unsched("a-old.service", "m1", "target Machine(m1) unable to run unit: found replace with locally-scheduled Unit(b-new.service)"),
            Sched("a-old.service", "m2", "replaced by Unit(b-new.service) on Machine(m1)"));
    }

    [Fact]
    public void Reconcile_CircularReplaces_AreIgnored()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("a.service", Req(replaces: ["b.service"])).WithUnit("b.service", Req(replaces: ["a.service"]))
            .WithPlacement("a.service", "m1").WithPlacement("b.service", "m1");

        Assert.Empty(model.Reconcile());
    }

    [Fact]
    public void Reconcile_ReplacedUnitWaiting_IsNotPlacedBesideItsReplacer()
    {
        var model = new ClusterModel().WithMachines("m1")
            .WithUnit("new.service", Req(replaces: ["old.service"])).WithUnit("old.service");

        AssertDecisions(model.Reconcile(), Sched("new.service", "m1"));
        Assert.Equal([U("old.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_GlobalUnit_ScheduledOnEveryMatchingMachine()
    {
        var model = new ClusterModel().WithMachine("m1", ("role", "web")).WithMachine("m2", ("role", "web")).WithMachine("m3", ("role", "db"))
            .WithUnit("g.service", Req(metadata: [("role", "web")], global: true));

        AssertDecisions(model.Reconcile(), Sched("g.service", "m1"), Sched("g.service", "m2"));
    }

    [Fact]
    public void Reconcile_GlobalUnitConflictingWithScheduledUnit_SkipsThatMachine()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("x.service").WithPlacement("x.service", "m1")
            .WithUnit("g.service", Req(conflicts: ["x.service"], global: true));

        AssertDecisions(model.Reconcile(), Sched("g.service", "m2"));
    }

    [Fact]
    public void Reconcile_GlobalUnits_CountInLoad()
    {
        var model = new ClusterModel().WithMachine("m1", ("role", "web")).WithMachines("m2")
            .WithUnit("g.service", Req(metadata: [("role", "web")], global: true)).WithUnit("a.service");

        AssertDecisions(model.Reconcile(), Sched("g.service", "m1"), Sched("a.service", "m2"));
    }

    [Fact]
    public void Reconcile_GlobalUnitAndMachineChanges_SchedulesAndUnschedulesPerMachine()
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit("g.service", Req(global: true));
        AssertDecisions(model.Reconcile(), Sched("g.service", "m1"));

        model.WithMachines("m2");
        AssertDecisions(model.Reconcile(), Sched("g.service", "m2"));

        model.RemoveMachine(M("m1"));
        AssertDecisions(model.Reconcile(), Unsched("g.service", "m1", "target Machine(m1) went away"));

        model.WithUnit("g.service", Req(global: true), TargetState.Inactive);
        AssertDecisions(model.Reconcile(), Unsched("g.service", "m2", "target state inactive"));

        model.WithUnit("g.service", Req(global: true));
        AssertDecisions(model.Reconcile(), Sched("g.service", "m2"));

        model.RemoveUnit(U("g.service"));
        AssertDecisions(model.Reconcile(), Unsched("g.service", "m2", "unit removed"));
    }

    [Fact]
    public void Reconcile_MachineGoesAway_UnschedulesWithFleetReasonAndReschedules()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service").WithPlacement("a.service", "m1");

        model.RemoveMachine(M("m1"));

        AssertDecisions(model.Reconcile(), Unsched("a.service", "m1", "target Machine(m1) went away"), Sched("a.service", "m2"));
        Assert.False(model.ContainsMachine(M("m1")));
    }

    [Fact]
    public void Reconcile_MachineComesBackBeforeReconcile_KeepsItsUnits()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service").WithPlacement("a.service", "m1");

        model.RemoveMachine(M("m1"));
        model.WithMachines("m1");

        Assert.Empty(model.Reconcile());
        Assert.Equal([M("m1")], model.GetMachines(U("a.service")));
    }

    [Fact]
    public void Reconcile_UnitRemoved_UnschedulesIt()
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit("a.service");
        model.Reconcile();

        model.RemoveUnit(U("a.service"));

        AssertDecisions(model.Reconcile(), Unsched("a.service", "m1", "unit removed"));
        Assert.False(model.ContainsUnit(U("a.service")));
    }

    [Fact]
    public void Reconcile_PlacementOfUnknownUnit_IsUnscheduled()
    {
        var model = new ClusterModel().WithMachines("m1").WithPlacement("ghost.service", "m1");

        AssertDecisions(model.Reconcile(), Unsched("ghost.service", "m1", "unit removed"));
    }

    [Fact]
    public void Reconcile_NonGlobalUnitOnTwoMachines_KeepsLowestAliveMachine()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service")
            .WithPlacement("a.service", "m2").WithPlacement("a.service", "m1");

        AssertDecisions(model.Reconcile(), Unsched("a.service", "m2", "unit scheduled to more than one machine"));
    }

    [Fact]
    public void Reconcile_LoadedPlacementsAlreadyValid_DecidesNothing()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service").WithUnit("b.service")
            .WithPlacement("a.service", "m2").WithPlacement("b.service", "m2");

        Assert.Empty(model.Reconcile());
    }

    [Fact]
    public void Reconcile_CalledAgainWithoutChanges_DecidesNothing()
    {
        var model = new ClusterModel().WithMachines("m1", "m2").WithUnit("a.service").WithUnit("b.service");
        Assert.Equal(2, model.Reconcile().Count);

        Assert.False(model.HasPendingWork);
        Assert.Empty(model.Reconcile());
    }

    [Fact]
    public void Place_AfterAReconcile_RechecksTheUnitsAlreadyOnTheMachine()
    {
        var model = new ClusterModel().WithMachines("m1", "m2")
            .WithUnit("a.service").WithPlacement("a.service", "m1");
        Assert.Empty(model.Reconcile());

        model.WithUnit("b.service", Req(conflicts: ["a.service"])).WithPlacement("b.service", "m1");

        AssertDecisions(model.Reconcile(),
            Unsched("a.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(b.service)"),
            Sched("a.service", "m2"));
    }

    [Fact]
    public void Place_ManyUnitsOnOneMachineInOneRound_EveryConflictFound()
    {
        var model = new ClusterModel().WithMachines("m1", "m2", "m3");
        for (var i = 0; i < 50; i++)
        {
            model.WithUnit($"u{i:00}.service").WithPlacement($"u{i:00}.service", "m1");
        }

        model.WithUnit("x.service", Req(conflicts: ["u00.service", "u49.service"])).WithPlacement("x.service", "m1");

        AssertDecisions(model.Reconcile(),
            Unsched("u00.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(x.service)"),
            Unsched("u49.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(x.service)"),
            Sched("u00.service", "m2"),
            Sched("u49.service", "m3"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SetUnit_AfterItsPlacementsInOneRound_EveryConflictFound(bool conflictingUnitFirst)
    {
        // A new leader reads the schedule and the units concurrently: placements may arrive before their units.
        var model = new ClusterModel().WithMachines("m1", "m2", "m3");
        for (var i = 0; i < 50; i++)
        {
            model.WithPlacement($"u{i:00}.service", "m1");
        }

        model.WithPlacement("x.service", "m1");
        if (conflictingUnitFirst)
        {
            model.WithUnit("x.service", Req(conflicts: ["u00.service", "u49.service"]));
        }

        for (var i = 0; i < 50; i++)
        {
            model.WithUnit($"u{i:00}.service");
        }

        if (!conflictingUnitFirst)
        {
            model.WithUnit("x.service", Req(conflicts: ["u00.service", "u49.service"]));
        }

        AssertDecisions(model.Reconcile(),
            Unsched("u00.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(x.service)"),
            Unsched("u49.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(x.service)"),
            Sched("u00.service", "m2"),
            Sched("u49.service", "m3"));
    }

    [Fact]
    public void SetUnit_RequirementsChangeInALaterRound_RechecksTheOtherUnitsOnItsMachine()
    {
        var model = new ClusterModel().WithMachines("m1", "m2");
        for (var i = 0; i < 3; i++)
        {
            model.WithPlacement($"u{i}.service", "m1").WithUnit($"u{i}.service");
        }

        model.WithPlacement("x.service", "m1").WithUnit("x.service");
        AssertDecisions(model.Reconcile());

        model.WithUnit("x.service", Req(conflicts: ["u1.service"]));

        AssertDecisions(model.Reconcile(),
            Unsched("u1.service", "m1", "target Machine(m1) unable to run unit: found conflict with locally-scheduled Unit(x.service)"),
            Sched("u1.service", "m2"));
    }

    [Fact]
    public void Unplace_RejectedWrite_UnitIsPlacedAgain()
    {
        var model = new ClusterModel().WithMachines("m1").WithUnit("a.service");
        model.Reconcile();

        model.Unplace(U("a.service"), M("m1"));

        AssertDecisions(model.Reconcile(), Sched("a.service", "m1"));
    }

    [Fact]
    public void Reconcile_ReplacedUnitWithNowhereToGo_Waits()
    {
        var model = new ClusterModel().WithMachines("m1")
            .WithUnit("old.service").WithPlacement("old.service", "m1")
            .WithUnit("new.service", Req(replaces: ["old.service"]));

        AssertDecisions(model.Reconcile(),
            Sched("new.service", "m1"),
            Unsched("old.service", "m1", "target Machine(m1) unable to run unit: found replace with locally-scheduled Unit(new.service)"));
        Assert.Equal([U("old.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_ConflictingGlobalUnits_EarlierNameWinsOnEachMachine()
    {
        var model = new ClusterModel().WithMachines("m1")
            .WithUnit("g1.service", Req(global: true))
            .WithUnit("g2.service", Req(conflicts: ["g1.service"], global: true));

        AssertDecisions(model.Reconcile(), Sched("g1.service", "m1"));

        model.RemoveUnit(U("g1.service"));

        AssertDecisions(model.Reconcile(), Unsched("g1.service", "m1", "unit removed"), Sched("g2.service", "m1"));
    }

    [Fact]
    public void Reconcile_FollowerOfGlobalUnit_GoesWhereTheGlobalRunsAndLeavesWithIt()
    {
        var model = new ClusterModel().WithMachine("m1").WithMachine("m2", ("role", "web"))
            .WithUnit("g.service", Req(metadata: [("role", "web")], global: true))
            .WithUnit("f.service", Req(machineOf: ["g.service"]));
        AssertDecisions(model.Reconcile(), Sched("g.service", "m2"), Sched("f.service", "m2"));

        model.WithMachine("m2");

        AssertDecisions(model.Reconcile(),
            Unsched("g.service", "m2", "target Machine(m2) unable to run unit: local Machine metadata insufficient"),
            Unsched("f.service", "m2", "target Machine(m2) unable to run unit: required peer Unit(g.service) is not scheduled locally"));
        Assert.Equal([U("f.service")], model.GetWaitingUnits());
    }

    [Fact]
    public void Reconcile_MachineIdShortFormAmbiguous_PicksLeastLoadedMatch()
    {
        var model = new ClusterModel().WithMachines("0123456789abcdef", "0123456799999999")
            .WithUnit("a.service").WithPlacement("a.service", "0123456789abcdef")
            .WithUnit("b.service", Req(machineId: "01234567"));

        AssertDecisions(model.Reconcile(), Sched("b.service", "0123456799999999"));
    }

    [Fact]
    public void SetMachine_DefaultId_ThrowsNamingTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterModel().SetMachine(default, new Dictionary<string, string>()));
        Assert.Contains("machine ID is empty", error.Message, StringComparison.Ordinal);
    }
}
