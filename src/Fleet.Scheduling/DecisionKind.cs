namespace Fleet.Scheduling;

/// <summary>What a <see cref="Decision"/> asks the engine to write.</summary>
public enum DecisionKind
{
    /// <summary>Add the unit to the machine's schedule (fleet's <c>AttemptScheduleUnit</c>).</summary>
    Schedule = 1,

    /// <summary>Remove the unit from the machine's schedule (fleet's <c>UnscheduleUnit</c>).</summary>
    Unschedule = 2,
}
