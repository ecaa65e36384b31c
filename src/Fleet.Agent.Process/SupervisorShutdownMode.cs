namespace Fleet.Agent.Process;

/// <summary>What disposing the <see cref="ProcessSupervisor"/> does to the units it runs.</summary>
public enum SupervisorShutdownMode
{
    /// <summary>Leave every unit running (fleetd restarts): state is written to the state directory and
    /// the next supervisor on the same directories re-adopts the processes without restarting them.</summary>
    Detach,

    /// <summary>Stop every unit gracefully (ExecStop=, KillMode=, TimeoutStopSec=) and wait for them.</summary>
    StopUnits,
}
