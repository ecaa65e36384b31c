using Fleet.Agent;
using Fleet.Api;
using Fleet.Core.Machines;
using Fleet.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Composition;

/// <summary>Turns the agent's availability into fleetd's behaviour, as in fleet's server: until this machine
/// has registered (and while the store does not answer or the presence is lost) the API answers every request
/// with 503 at once instead of waiting on the store, and the engine does not campaign (a fleetd whose machine
/// ID is already taken never leads).</summary>
/// <remarks>Thread-safe. Closed (API unavailable) from construction until the first
/// <see cref="OnAvailable"/>.</remarks>
internal sealed partial class DaemonAvailability : IAgentPresenceObserver, IEngineStartGate
{
    private readonly FleetApiReadiness _readiness;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates it closed and marks the API unavailable.</summary>
    /// <param name="readiness">The API's readiness switch.</param>
    /// <param name="logger">Where changes are logged.</param>
    /// <param name="lifetime">fleetd's lifetime: once it is stopping, becoming unavailable is expected and
    /// logged as information rather than as a warning.</param>
    public DaemonAvailability(FleetApiReadiness readiness, ILogger<DaemonAvailability> logger, IHostApplicationLifetime? lifetime = null)
    {
        (_readiness, _logger) = (readiness, logger);
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        readiness.MarkUnavailable();
    }

    /// <summary>True while the machine is registered and the store answers.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_lock)
            {
                return _open.Task.IsCompleted;
            }
        }
    }

    /// <inheritdoc />
    public void OnAvailable(MachineId machine)
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }

        _readiness.MarkReady();
        Log.Available(_logger, machine);
    }

    /// <inheritdoc />
    public void OnUnavailable(MachineId machine, string reason)
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _readiness.MarkUnavailable();
        if (_stopping.IsCancellationRequested)
        {
            Log.UnavailableWhileStopping(_logger, machine, reason);
        }
        else
        {
            Log.Unavailable(_logger, machine, reason);
        }
    }

    /// <inheritdoc />
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_lock)
        {
            open = _open.Task;
        }

        return open.WaitAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Machine {MachineId} is registered; the API serves requests and the engine may campaign")]
        public static partial void Available(ILogger logger, MachineId machineId);

        [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Machine {MachineId} is not available to the cluster ({Reason}); the API answers 503 until it is")]
        public static partial void Unavailable(ILogger logger, MachineId machineId, string reason);

        [LoggerMessage(EventId = 6022, Level = LogLevel.Information, Message = "fleetd is stopping: machine {MachineId} leaves the cluster ({Reason}); the API answers 503")]
        public static partial void UnavailableWhileStopping(ILogger logger, MachineId machineId, string reason);
    }
}
