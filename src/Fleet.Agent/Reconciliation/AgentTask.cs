using Fleet.Core.Units;

namespace Fleet.Agent.Reconciliation;

/// <summary>One step the agent takes on this machine, with fleet's reason for it.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Unit">The unit; <see langword="null"/> only for <see cref="AgentTaskKind.ReloadUnitFiles"/>.</param>
/// <param name="Hash">For <see cref="AgentTaskKind.LoadUnit"/>, the hash of the unit file to load; otherwise null.</param>
/// <param name="Reason">Why, in fleet's words (see <see cref="AgentTaskReasons"/>).</param>
public sealed record AgentTask(AgentTaskKind Kind, UnitName? Unit, UnitHash? Hash, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Unit is { } unit ? $"{Kind} {unit}: {Reason}" : $"{Kind}: {Reason}";
}
