namespace Fleet.Scheduling.Model;

/// <summary>Which flavour of fleet's <c>AbleToRun</c> a check is.</summary>
internal enum FeasibilityMode
{
    /// <summary>Re-checking a unit already on the machine: conflicts with other non-global units only
    /// (a global unit that conflicts with a scheduled unit simply does not run there); Replaces handled apart.</summary>
    Recheck,

    /// <summary>Placing a waiting unit: conflicts with every unit there; a machine holding a unit that replaces
    /// this one is not able; a machine holding units this one replaces is (they are moved away).</summary>
    Place,

    /// <summary>Moving a replaced unit: like <see cref="Place"/>, but no replace relation at all is allowed.</summary>
    Move,
}
