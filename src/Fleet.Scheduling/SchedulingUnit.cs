using Fleet.Core.Units;

namespace Fleet.Scheduling;

/// <summary>What the scheduler needs to know about a unit: its name, the state it should reach and its
/// <c>[X-Fleet]</c> requirements. The unit file body and hash are not needed to decide placements.</summary>
/// <param name="Name">The unit's name.</param>
/// <param name="TargetState">The desired state; <see cref="TargetState.Inactive"/> means "on no machine".</param>
/// <param name="Requirements">The parsed <c>[X-Fleet]</c> requirements.</param>
public sealed record SchedulingUnit(UnitName Name, TargetState TargetState, UnitRequirements Requirements);
