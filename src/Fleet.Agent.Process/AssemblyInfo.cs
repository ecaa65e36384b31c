// Fleet.Agent.Process: the built-in process supervisor (IUnitManager where systemd is not PID 1).
// It needs Linux (sessions, process groups, signals, /proc); it fails clearly on first use elsewhere.
[assembly: System.CLSCompliant(false)]
