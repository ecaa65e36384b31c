using Fleet.Agent.Reconciliation;
using Fleet.Core.Units;

namespace Fleet.Agent;

/// <summary>What one reconcile pass looks at, taken from <see cref="DesiredSchedule.TakeWork"/>.</summary>
/// <param name="All">True for a full pass: every scheduled unit and every local unit (at start-up, after a
/// re-read of the schedule, or when a full pass did not complete). <paramref name="Units"/> is then empty.</param>
/// <param name="Desired">For a full pass the whole schedule; otherwise the scheduled entries of
/// <paramref name="Units"/> (a unit missing from it is no longer scheduled here).</param>
/// <param name="Units">For an incremental pass, the units that changed since the last pass (sorted).</param>
/// <param name="ReleasedHashes">Hashes that no scheduled unit references any more: their cached bodies
/// can go.</param>
internal sealed record ReconcileWork(
    bool All,
    IReadOnlyDictionary<UnitName, AgentUnit> Desired,
    IReadOnlyCollection<UnitName> Units,
    IReadOnlyCollection<UnitHash> ReleasedHashes);
