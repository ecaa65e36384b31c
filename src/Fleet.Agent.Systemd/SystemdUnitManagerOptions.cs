namespace Fleet.Agent.Systemd;

/// <summary>Settings of the systemd unit manager (<c>unit_manager=systemd</c>).</summary>
public sealed class SystemdUnitManagerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Systemd";

    /// <summary>Gets or sets the D-Bus address of the bus systemd is on, for example
    /// <c>unix:path=/run/dbus/system_bus_socket</c>.</summary>
    /// <value>Null by default: the system bus (<c>DBUS_SYSTEM_BUS_ADDRESS</c> or <c>/run/dbus/system_bus_socket</c>),
    /// or with <see cref="SystemdUser"/> the session bus (<c>DBUS_SESSION_BUS_ADDRESS</c> or <c>$XDG_RUNTIME_DIR/bus</c>).</value>
    public string? BusAddress { get; set; }

    /// <summary>Gets or sets whether to talk to the user's systemd (<c>systemd --user</c>) instead of the system's
    /// (fleet's <c>systemd_user</c>); only the default bus address changes.</summary>
    public bool SystemdUser { get; set; }

    /// <summary>Gets or sets where unit files are written; the path must be the same for systemd (same mount namespace
    /// or a bind mount at the identical path).</summary>
    /// <value><c>/run/fleet/units/</c> by default, as coreos/fleet.</value>
    public string UnitsDirectory { get; set; } = "/run/fleet/units/";

    /// <summary>Gets or sets the first delay before reconnecting to the bus; it doubles per failure.</summary>
    /// <value>200 milliseconds by default.</value>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest delay between reconnection attempts.</summary>
    /// <value>10 seconds by default.</value>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets up to how many units get their own D-Bus match rule; with more, one rule selects every unit's
    /// <c>PropertiesChanged</c> and the manager filters by object path (dbus-daemon's system bus allows 512 match rules
    /// per connection by default).</summary>
    /// <value>256 by default; 0 means always one rule for all units.</value>
    public int MaxUnitMatchRules { get; set; } = 256;

    /// <summary>Gets or sets how many start/stop jobs may be queued in systemd and unfinished at once; further
    /// <c>StartAsync</c>/<c>StopAsync</c> calls wait. systemd keeps one bus match rule per queued job of a bus client
    /// and drops off the bus past dbus-daemon's 512 rules per connection.</summary>
    /// <value>128 by default; 1 to 400.</value>
    public int MaxPendingJobs { get; set; } = 128;

    /// <summary>Gets or sets a command that <c>journalctl</c> and <c>systemctl</c> are run through, for an agent
    /// outside systemd's mount namespace, e.g. <c>nsenter -t PID1 -m --</c> for systemd in a container.</summary>
    /// <value>Empty by default: run them directly (the agent runs on the machine whose systemd it drives).</value>
    public IReadOnlyList<string> CommandPrefix { get; set; } = [];

    /// <summary>Gets or sets how long a <c>systemctl status</c> or a non-following <c>journalctl</c> may run.</summary>
    /// <value>10 seconds by default.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns the bus address to use: <see cref="BusAddress"/> or the default described there.</summary>
    public string ResolveBusAddress()
    {
        if (!string.IsNullOrWhiteSpace(BusAddress))
        {
            return BusAddress;
        }

        if (SystemdUser)
        {
            var session = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
            if (!string.IsNullOrWhiteSpace(session))
            {
                return session;
            }

            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            return string.IsNullOrWhiteSpace(runtime) ? string.Empty : $"unix:path={runtime.TrimEnd('/')}/bus";
        }

        var system = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        return string.IsNullOrWhiteSpace(system) ? "unix:path=/run/dbus/system_bus_socket" : system;
    }
}
