using Fleet.Core.Machines;
using Fleet.Core.Retry;
using Fleet.Engine.Configuration;
using Fleet.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Engine;

/// <summary>fleetd's engine: campaigns for leadership and, while leader, keeps every machine's schedule in
/// line with the units and the machines present.</summary>
/// <remarks>
/// <para>With <see cref="EngineOptions.DisableEngine"/> it never campaigns. The leadership lease lasts
/// <see cref="EngineOptions.LeaseTtl"/> (5 × the reconcile interval, as in fleet).</para>
/// <para>A term: read units, machines and the schedule once (concurrently, each page fed to the model as it arrives); reconcile; then follow the unit and machine
/// watches from their revisions (with <see cref="EngineOptions.DisableWatches"/>: re-read units and machines
/// every <see cref="EngineOptions.ReconcileInterval"/> instead), feeding each batch of changes to the
/// scheduling model and writing its decisions in fenced, batched transactions. A refused write or a lost lease ends the term (no further
/// writes) and the engine campaigns again. Stopping resigns, so a standby engine takes over at once.</para>
/// </remarks>
public sealed partial class EngineService : BackgroundService
{
    private readonly ILeaderElection _leaders;
    private readonly IUnitStore _units;
    private readonly IMachineStore _machines;
    private readonly IScheduleStore _schedule;
    private readonly ILocalMachine _machine;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineService> _logger;
    private readonly IEngineStartGate? _gate;
    private readonly EngineMetrics? _metrics;
    private readonly Random _random = new();
    private volatile LeaderFence? _fence;

    /// <summary>Creates the engine.</summary>
    /// <param name="leaders">Leader election.</param>
    /// <param name="units">The unit store.</param>
    /// <param name="machines">The machine store.</param>
    /// <param name="schedule">The schedule store.</param>
    /// <param name="machine">This machine (its ID is the candidate).</param>
    /// <param name="options">Engine settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="gate">Waited for before each campaign; none: campaign at once.</param>
    /// <param name="metrics">Where terms and reconciles are counted; none: not counted.</param>
    public EngineService(
        ILeaderElection leaders, IUnitStore units, IMachineStore machines, IScheduleStore schedule, ILocalMachine machine,
        IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineService> logger, IEngineStartGate? gate = null,
        EngineMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        (_leaders, _units, _machines, _schedule, _machine) = (leaders, units, machines, schedule, machine);
        (_options, _time, _logger, _gate) = (options.Value, time, logger, gate);
    }

    /// <summary>The fence of the term this engine is leading, or null when it is not the leader.</summary>
    public LeaderFence? CurrentTerm => _fence;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.DisableEngine)
        {
            Log.EngineDisabled(_logger);
            return;
        }

        var candidate = _machine.Current.Id;
        Log.EngineStarting(_logger, candidate, _options.DisableWatches ? $"polling units and machines every {_options.ReconcileInterval}" : "watching units and machines");
        var backoff = new Backoff(_options.MinRetryDelay, _options.MaxRetryDelay, _random);
        try
        {
            while (true)
            {
                var leadership = await CampaignAsync(candidate, backoff, stoppingToken);
                if (!await LeadAsync(leadership, stoppingToken))
                {
                    await Task.Delay(backoff.Next(), _time, stoppingToken);
                }
                else
                {
                    backoff.Reset();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the term resigned on its way out.
        }
    }

    private async Task<ILeadership> CampaignAsync(MachineId candidate, Backoff backoff, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_gate is not null)
            {
                await _gate.WaitAsync(cancellationToken);
            }

            TimeSpan delay;
            try
            {
                var leadership = await _leaders.CampaignAsync(candidate, _options.LeaseTtl, cancellationToken);
                Log.LeadershipAcquired(_logger, candidate, leadership.Fence.Revision, _options.LeaseTtl);
                return leadership;
            }
            catch (RegistryUnavailableException ex)
            {
                delay = backoff.Next();
                Log.CampaignFailed(_logger, ex, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>Leads one term and resigns.</summary>
    /// <returns><see langword="true"/> when the term ended by losing leadership; <see langword="false"/>
    /// when the store failed (the caller backs off before campaigning again).</returns>
    private async Task<bool> LeadAsync(ILeadership leadership, CancellationToken cancellationToken)
    {
        var machine = leadership.Fence.Leader;
        _fence = leadership.Fence;
        _metrics?.LeaderSince(_time.GetUtcNow());
        try
        {
            await new LeaderTerm(leadership, _units, _machines, _schedule, _options.DisableWatches ? _options.ReconcileInterval : null, _time, _logger, _metrics).RunAsync(cancellationToken);
            Log.LeadershipLost(_logger, machine, leadership.Fence.Revision);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LeadershipLost(_logger, machine, leadership.Fence.Revision);
            return true;
        }
        catch (RegistryUnavailableException ex)
        {
            Log.TermFailed(_logger, ex, machine, leadership.Fence.Revision);
            _metrics?.TermFailed();
            return false;
        }
        finally
        {
            _fence = null;
            _metrics?.LeaderSince(null);
            await ResignAsync(leadership);
        }
    }

    private async Task ResignAsync(ILeadership leadership)
    {
        try
        {
            await leadership.DisposeAsync();
        }
        catch (RegistryUnavailableException ex)
        {
            // The lease expires by itself after its TTL.
            Log.ResignFailed(_logger, ex);
        }
    }
}
