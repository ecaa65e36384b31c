namespace Fleet.Agent.Process;

/// <summary>Settings of the built-in process supervisor.</summary>
public sealed class ProcessSupervisorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ProcessSupervisor";

    /// <summary>Gets or sets where unit files are written and read.</summary>
    /// <value><c>/run/fleet/units/</c> by default.</value>
    public string UnitsDirectory { get; set; } = "/run/fleet/units/";

    /// <summary>Gets or sets where per-unit state (PIDs for re-adoption) and output logs live.</summary>
    /// <value><c>/var/lib/fleet/supervisor/</c> by default.</value>
    public string StateDirectory { get; set; } = "/var/lib/fleet/supervisor/";

    /// <summary>Gets or sets the size at which a unit's output log is rotated.</summary>
    /// <value>1 MiB by default; at least 4 KiB.</value>
    public long LogFileSize { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how many log files a unit keeps (the current one and rotated copies).</summary>
    /// <value>2 by default; 1 to 100.</value>
    public int LogFileCount { get; set; } = 2;

    /// <summary>Gets or sets how often log sizes and processes that are not children of the supervisor
    /// (re-adopted, forking daemons) are checked.</summary>
    /// <value>1 second by default.</value>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how often a followed journal checks for new output.</summary>
    /// <value>250 milliseconds by default.</value>
    public TimeSpan JournalFollowInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how many output lines the status text ends with.</summary>
    /// <value>10 by default.</value>
    public int StatusLogLines { get; set; } = 10;

    /// <summary>Gets or sets what disposing the supervisor does to running units.</summary>
    /// <value><see cref="SupervisorShutdownMode.Detach"/> by default: units survive a fleetd restart.</value>
    public SupervisorShutdownMode ShutdownMode { get; set; } = SupervisorShutdownMode.Detach;
}
