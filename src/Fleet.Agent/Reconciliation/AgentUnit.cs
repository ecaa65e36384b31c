using Fleet.Core.Units;

namespace Fleet.Agent.Reconciliation;

/// <summary>A unit as the agent sees it: which unit file (by hash) and which job state, either desired
/// (from this machine's schedule) or reached (what the agent has done locally).</summary>
/// <param name="Hash">Hash of the unit file.</param>
/// <param name="State">Loaded or launched (inactive means "not here").</param>
public sealed record AgentUnit(UnitHash Hash, TargetState State);
