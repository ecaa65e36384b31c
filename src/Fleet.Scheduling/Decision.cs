using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Scheduling;

/// <summary>One change to the schedule decided by <see cref="ClusterModel.Reconcile"/>, with the reason
/// (fleet's task reason text where fleet has one).</summary>
/// <param name="Kind">Schedule or unschedule.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Machine">The machine whose schedule changes.</param>
/// <param name="Reason">Why, for logs and for tests (e.g. <c>target Machine(abc) went away</c>).</param>
public sealed record Decision(DecisionKind Kind, UnitName Unit, MachineId Machine, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Unit} {(Kind == DecisionKind.Schedule ? "on" : "from")} {Machine}: {Reason}";
}
