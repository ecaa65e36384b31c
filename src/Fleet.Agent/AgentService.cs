using Fleet.Agent.Configuration;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Machines;
using Fleet.Core.Retry;
using Fleet.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent;

/// <summary>fleetd's agent: announces this machine, follows its own schedule and drives the local unit
/// manager towards it, publishing unit states when they change.</summary>
/// <remarks>
/// <para>The agent reads and watches only this machine's schedule (or polls it with
/// <see cref="AgentOptions.DisableWatches"/>). On start it re-adopts units still loaded (same hash: no
/// reload, no restart). When the store is unreachable or the presence is lost, local units keep running
/// and the agent reconciles again once it is back.</para>
/// <para>Stopping the hosted service purges (stops and unloads every local unit, removes its states and
/// presence) when <see cref="AgentOptions.PurgeOnStop"/> is set, else detaches (units keep running).
/// <see cref="PurgeAsync"/> and <see cref="DetachAsync"/> choose explicitly; only the first stop acts.</para>
/// </remarks>
public sealed partial class AgentService : BackgroundService
{
    private readonly IMachineStore _machines;
    private readonly IScheduleStore _schedule;
    private readonly IUnitStateStore _states;
    private readonly IUnitManager _manager;
    private readonly ILocalMachine _machine;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentService> _logger;
    private readonly Random _random = new();
    private readonly LocalUnits _local = new();
    private readonly DesiredSchedule _desired = new();
    private readonly UnitFileCache _files;
    private readonly UnitStatePublisher _publisher;
    private readonly TaskExecutor _executor;
    private readonly IAgentPresenceObserver[] _observers;
    private IMachineSession? _session;
    private int _stopped;

    /// <summary>Creates the agent.</summary>
    /// <param name="machines">Presence.</param>
    /// <param name="schedule">This machine's schedule.</param>
    /// <param name="units">Unit files.</param>
    /// <param name="states">Published unit states.</param>
    /// <param name="manager">The local unit manager.</param>
    /// <param name="machine">This machine as announced.</param>
    /// <param name="options">Agent settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="observers">Told when the machine becomes available to the cluster and when it stops being so.</param>
    public AgentService(
        IMachineStore machines, IScheduleStore schedule, IUnitStore units, IUnitStateStore states, IUnitManager manager,
        ILocalMachine machine, IOptions<AgentOptions> options, TimeProvider time, ILogger<AgentService> logger,
        IEnumerable<IAgentPresenceObserver>? observers = null)
    {
        _observers = observers?.ToArray() ?? [];
        ArgumentNullException.ThrowIfNull(options);
        (_machines, _schedule, _states, _manager, _machine) = (machines, schedule, states, manager, machine);
        (_options, _time, _logger) = (options.Value, time, logger);
        _files = new UnitFileCache(units);
        _publisher = new UnitStatePublisher(states, manager, logger);
        _executor = new TaskExecutor(manager, _files, _local, _publisher, logger);
    }

    /// <summary>True while this agent holds a live presence in the store.</summary>
    public bool IsRegistered => _session is { Lost.IsCancellationRequested: false };

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) =>
        _options.PurgeOnStop ? PurgeAsync(cancellationToken) : DetachAsync(cancellationToken);

    /// <summary>Graceful shutdown (SIGTERM): stops the agent, stops and unloads every local unit, removes
    /// this machine's unit states and its presence.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        if (!await StopLoopAsync(cancellationToken))
        {
            return;
        }

        var units = _local.Snapshot().Keys.Order().ToList();
        Log.Purging(_logger, units.Count);
        foreach (var name in units)
        {
            try
            {
                await _manager.UnloadAsync(name, cancellationToken);
                _local.Remove(name);
            }
            catch (UnitManagerException ex)
            {
                Log.PurgeUnloadFailed(_logger, ex, name);
            }
        }

        await ReloadAfterPurgeAsync(units.Count, cancellationToken);
        await RemoveStatesAsync(cancellationToken);
        await DisposeSessionAsync();
    }

    /// <summary>Stops the agent and removes its presence, leaving every local unit as it is (to be
    /// re-adopted by the next agent on this machine).</summary>
    public async Task DetachAsync(CancellationToken cancellationToken)
    {
        if (!await StopLoopAsync(cancellationToken))
        {
            return;
        }

        Log.Detaching(_logger, _local.Count);
        await DisposeSessionAsync();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var machine = _machine.Current.Id;
        Log.Starting(_logger, machine, _options.DisableWatches ? "polling" : "watching");
        try
        {
            await AdoptAsync(stoppingToken);
            while (true)
            {
                var (session, registered) = await RegisterAsync(stoppingToken);
                _session = session;
                await CatchUpAnnouncementAsync(session, registered, stoppingToken);
                NotifyAvailable();
                await RunSessionAsync(session, stoppingToken);
                Log.PresenceLost(_logger, machine);
                NotifyUnavailable($"the presence of machine {machine} was lost; registering again");
                _session = null;
                await DisposeQuietlyAsync(session);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the stop path decides what happens to the units and the session.
        }
    }

    private async Task<bool> StopLoopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return false;
        }

        await base.StopAsync(cancellationToken);
        NotifyUnavailable("the agent is stopping");
        return true;
    }

    private Backoff NewBackoff() => new(_options.MinRetryDelay, _options.MaxRetryDelay, _random);
}
