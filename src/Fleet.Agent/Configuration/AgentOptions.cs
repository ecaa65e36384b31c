namespace Fleet.Agent.Configuration;

/// <summary>Settings of the agent (fleet's <c>agent_ttl</c>, <c>units_directory</c>, <c>disable_watches</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Agent";

    /// <summary>Gets or sets the TTL of this machine's presence lease (and so of its published unit states).</summary>
    /// <value>30 seconds by default (fleet's <c>agent_ttl</c>); at least 1 second.</value>
    public TimeSpan AgentTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets where unit files are written (used by the unit manager; reported here).</summary>
    /// <value><c>/run/fleet/units/</c> by default; must be an absolute path.</value>
    public string UnitsDirectory { get; set; } = "/run/fleet/units/";

    /// <summary>Gets or sets whether to poll this machine's schedule instead of watching it.</summary>
    /// <value><see langword="false"/> by default (fleet's <c>disable_watches</c>).</value>
    public bool DisableWatches { get; set; }

    /// <summary>Gets or sets how often the schedule is re-read when <see cref="DisableWatches"/> is set.</summary>
    /// <value>5 seconds by default (fleet's agent reconcile period); positive.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the first delay before retrying after the store, a registration or a task failed.</summary>
    /// <value>1 second by default; positive and not above <see cref="MaxRetryDelay"/>.</value>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the cap of the exponential retry delay.</summary>
    /// <value>60 seconds by default (fleet's registration backoff cap).</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets whether stopping the agent's hosted service stops and unloads every local unit
    /// (fleet's purge on SIGTERM) rather than leaving them running (detach).</summary>
    /// <value><see langword="true"/> by default, as fleetd does on SIGTERM.</value>
    public bool PurgeOnStop { get; set; } = true;
}
