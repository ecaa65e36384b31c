namespace Fleet.Core.Units;

/// <summary>The state fleet drives a unit towards (fleet's "job state"): inactive → loaded → launched.</summary>
public enum TargetState
{
    /// <summary>Known to the cluster but not scheduled to any machine.</summary>
    Inactive = 0,

    /// <summary>Scheduled and loaded into the unit manager, not started.</summary>
    Loaded = 1,

    /// <summary>Scheduled, loaded and started.</summary>
    Launched = 2,
}
