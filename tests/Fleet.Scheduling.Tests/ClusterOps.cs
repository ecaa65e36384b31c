using System.Collections.Immutable;
using CsCheck;
using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Scheduling.Tests;

/// <summary>One change fed to a <see cref="ClusterModel"/> in property tests, applied to the model and to a
/// plain shadow of the desired state (machines and units) that tests read back.</summary>
internal abstract record ClusterOp
{
    public abstract void Apply(ClusterModel model, ClusterShadow shadow);
}

internal sealed record SetMachineOp(string Id, ImmutableSortedDictionary<string, string> Metadata) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow)
    {
        model.SetMachine(MachineId.Parse(Id), Metadata);
        shadow.Machines[Id] = Metadata;
    }

    public override string ToString() => $"SetMachine({Id}, {string.Join(",", Metadata.Select(kv => $"{kv.Key}={kv.Value}"))})";
}

internal sealed record RemoveMachineOp(string Id) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow)
    {
        model.RemoveMachine(MachineId.Parse(Id));
        shadow.Machines.Remove(Id);
    }
}

internal sealed record SetUnitOp(SchedulingUnit Unit) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow)
    {
        model.SetUnit(Unit);
        shadow.Units[Unit.Name.Value] = Unit;
    }

    public override string ToString()
    {
        var r = Unit.Requirements;
        return $"SetUnit({Unit.Name}, {Unit.TargetState}, id={r.MachineId}, of=[{string.Join(",", r.MachineOf)}], "
            + $"md=[{string.Join(",", r.MachineMetadata.Select(kv => $"{kv.Key}={string.Join("|", kv.Value)}"))}], "
            + $"conflicts=[{string.Join(",", r.Conflicts)}], replaces=[{string.Join(",", r.Replaces)}], global={r.Global})";
    }
}

internal sealed record RemoveUnitOp(string Name) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow)
    {
        model.RemoveUnit(UnitName.Parse(Name));
        shadow.Units.Remove(Name);
    }
}

internal sealed record PlaceOp(string Unit, string Machine) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow) => model.Place(UnitName.Parse(Unit), MachineId.Parse(Machine));
}

internal sealed record UnplaceOp(string Unit, string Machine) : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow) => model.Unplace(UnitName.Parse(Unit), MachineId.Parse(Machine));
}

internal sealed record ReconcileOp : ClusterOp
{
    public override void Apply(ClusterModel model, ClusterShadow shadow) => shadow.Decisions.AddRange(model.Reconcile());

    public override string ToString() => "Reconcile()";
}

/// <summary>The desired state as the test fed it, and every decision seen.</summary>
internal sealed class ClusterShadow
{
    public Dictionary<string, ImmutableSortedDictionary<string, string>> Machines { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SchedulingUnit> Units { get; } = new(StringComparer.Ordinal);

    public List<Decision> Decisions { get; } = [];
}

/// <summary>Generators of random clusters and change sequences over small name pools, so that
/// requirements, conflicts and replaces hit each other often.</summary>
internal static class ClusterGen
{
    public static readonly string[] MachineIds = ["m1", "m2", "m3", "0123456789abcdef", "0123456799999999", "fedcba9876543210"];
    public static readonly string[] UnitNames =
        ["a.service", "b.service", "c.service", "d.service", "web-1.service", "web-2.service", "db@1.service", "db@2.service"];

    private static readonly string[] MachineIdRequirements = ["m1", "m2", "0123456789abcdef", "01234567", "fedcba98", "nope"];
    private static readonly string[] ConflictPatterns =
        ["a.service", "web-*.service", "db@*.service", "*", "[ab].service", "c.service", "web-[", "d.servic?"];
    private static readonly string[] ReplacePatterns = ["a.service", "b.service", "web-1.service", "db@*.service", "d.service"];

    public static readonly Gen<ImmutableSortedDictionary<string, string>> Metadata =
        Gen.Select(Gen.OneOfConst("", "a", "b"), Gen.OneOfConst("", "x", "y"), (role, disk) =>
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (role.Length > 0)
            {
                builder["role"] = role;
            }

            if (disk.Length > 0)
            {
                builder["disk"] = disk;
            }

            return builder.ToImmutable();
        });

    public static readonly Gen<UnitRequirements> Requirements =
        Gen.Select(
            Gen.Frequency((85, Gen.Const((string?)null)), (15, Gen.OneOfConst(MachineIdRequirements).Select(s => (string?)s))),
            Gen.Frequency((85, Gen.Const(Array.Empty<string>())), (15, Gen.OneOfConst(UnitNames).Select(s => new[] { s }))),
            Gen.Frequency((75, Gen.Const(Array.Empty<(string, string)>())),
                (25, Gen.Select(Gen.OneOfConst("role", "disk"), Gen.OneOfConst("a", "b", "x", "y")).Array[1, 3])),
            Gen.Frequency((80, Gen.Const(Array.Empty<string>())), (20, Gen.OneOfConst(ConflictPatterns).Array[1, 2])),
            Gen.Frequency((85, Gen.Const(Array.Empty<string>())), (15, Gen.OneOfConst(ReplacePatterns).Array[1, 1])),
            Gen.Int[0, 99].Select(i => i < 15),
            (id, of, md, conflicts, replaces, global) => new UnitRequirements
            {
                MachineId = id,
                MachineOf = [.. of],
                MachineMetadata = md.GroupBy(p => p.Item1, StringComparer.Ordinal).ToImmutableSortedDictionary(
                    g => g.Key, g => g.Select(p => p.Item2).Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal),
                Conflicts = [.. conflicts],
                Replaces = [.. replaces],
                Global = global,
            });

    public static readonly Gen<TargetState> Target =
        Gen.Frequency((70, Gen.Const(TargetState.Launched)), (15, Gen.Const(TargetState.Loaded)), (15, Gen.Const(TargetState.Inactive)));

    public static readonly Gen<ClusterOp> Op = Gen.Frequency(
        (35, Gen.Select(Gen.OneOfConst(UnitNames), Target, Requirements,
            (name, target, requirements) => (ClusterOp)new SetUnitOp(new SchedulingUnit(UnitName.Parse(name), target, requirements)))),
        (15, Gen.Select(Gen.OneOfConst(MachineIds), Metadata, (id, md) => (ClusterOp)new SetMachineOp(id, md))),
        (6, Gen.OneOfConst(MachineIds).Select(id => (ClusterOp)new RemoveMachineOp(id))),
        (6, Gen.OneOfConst(UnitNames).Select(name => (ClusterOp)new RemoveUnitOp(name))),
        (10, Gen.Select(Gen.OneOfConst(UnitNames), Gen.OneOfConst(MachineIds), (u, m) => (ClusterOp)new PlaceOp(u, m))),
        (4, Gen.Select(Gen.OneOfConst(UnitNames), Gen.OneOfConst(MachineIds), (u, m) => (ClusterOp)new UnplaceOp(u, m))),
        (20, Gen.Const<ClusterOp>(new ReconcileOp())));

    /// <summary>A change sequence that starts with a few machines and always ends with a reconcile.</summary>
    public static readonly Gen<ClusterOp[]> Sequence =
        Gen.Select(
            Gen.Select(Gen.OneOfConst(MachineIds), Metadata, (id, md) => (ClusterOp)new SetMachineOp(id, md)).Array[1, 4],
            Op.Array[1, 40],
            (machines, ops) => (ClusterOp[])[.. machines, .. ops, new ReconcileOp()]);

    /// <summary>Iterations per property: <c>FLEET_PROP_ITERATIONS</c>, else a default that keeps the suite fast.</summary>
    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("FLEET_PROP_ITERATIONS"), out var n) && n > 0 ? n : 1500;

    public static string Print(ClusterOp[] ops) => string.Join(Environment.NewLine, ops.Select(o => "  " + o));
}
