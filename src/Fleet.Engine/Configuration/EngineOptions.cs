namespace Fleet.Engine.Configuration;

/// <summary>Settings of the engine (fleet's <c>engine_reconcile_interval</c> and <c>disable_engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Engine";

    /// <summary>How many reconcile intervals the leadership lease lasts (fleet: 5).</summary>
    public const int LeaseIntervals = 5;

    /// <summary>Gets or sets fleet's engine period. This engine reacts to watch events rather than ticking;
    /// the interval sets the leadership lease TTL (<see cref="LeaseTtl"/>) and, with
    /// <see cref="DisableWatches"/>, how often the leader re-reads units and machines.</summary>
    /// <value>2 seconds by default; at least 100 ms.</value>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets whether this machine never runs the engine (never campaigns).</summary>
    /// <value><see langword="false"/> by default.</value>
    public bool DisableEngine { get; set; }

    /// <summary>Gets or sets whether the leader polls units and machines every <see cref="ReconcileInterval"/>
    /// instead of watching them (fleet's <c>disable_watches</c>).</summary>
    /// <value><see langword="false"/> by default.</value>
    public bool DisableWatches { get; set; }

    /// <summary>Gets or sets the first delay before retrying after the store failed.</summary>
    /// <value>1 second by default; positive and not above <see cref="MaxRetryDelay"/>.</value>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the cap of the exponential retry delay.</summary>
    /// <value>60 seconds by default.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the leadership lease TTL: <see cref="LeaseIntervals"/> × <see cref="ReconcileInterval"/>.</summary>
    public TimeSpan LeaseTtl => ReconcileInterval * LeaseIntervals;
}
