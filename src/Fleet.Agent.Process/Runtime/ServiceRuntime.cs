using Fleet.Agent.Process.Definitions;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Runtime;

/// <summary>One unit's life: systemd's service state machine (start-pre → start → start-post → running →
/// stop → stop-sigterm → stop-sigkill → stop-post → final-sigterm → dead/failed, and auto-restart),
/// driven by process exits, timers and requests.</summary>
/// <remarks>
/// Every transition runs under one lock and never waits: processes are started (a short fork/exec),
/// signalled, or timers armed, and the next transition happens when a process exits or a timer fires.
/// Callbacks from processes or timers that are no longer current are ignored.
/// </remarks>
internal sealed partial class ServiceRuntime
{
    /// <summary>How often the processes are checked while waiting for them to go after a signal.</summary>
    private static readonly TimeSpan KillPollInterval = TimeSpan.FromMilliseconds(50);

    private const int MaxProcessLines = 8;

    private readonly object _gate = new();
    private readonly IServiceRuntimeHost _host;
    private readonly Queue<ExecCommand> _commands = new();
    private readonly HashSet<int> _groups = [];
    private readonly List<DateTimeOffset> _autoRestarts = [];
    private readonly List<string> _processLines = [];
    private readonly List<(Func<UnitState, bool> Predicate, TaskCompletionSource Done)> _waiters = [];

    private ServiceDefinition _definition;
    private ServiceDefinition _current;
    private ServicePhase _phase = ServicePhase.Dead;
    private string _result = "success";
    private DateTimeOffset _since;
    private ProcessHandle? _main;
    private int? _lastMainPid;
    private string? _lastMainCommand;
    private ExitStatus? _mainExit;
    private ProcessHandle? _control;
    private ExecCommand? _controlCommand;
    private string? _controlKind;
    private ExecContext? _context;
    private ITimer? _timer;
    private ITimer? _poll;
    private long _timerGeneration;
    private bool _stopRequested;
    private bool _startQueued;
    private bool _detached;
    private string? _failureMessage;

    /// <summary>Creates the runtime of a loaded unit (inactive/dead).</summary>
    public ServiceRuntime(UnitName name, ServiceDefinition definition, string unitFilePath, Journal.UnitLog log, IServiceRuntimeHost host)
    {
        Name = name;
        _definition = _current = definition;
        UnitFilePath = unitFilePath;
        Log = log;
        _host = host;
        _since = host.Time.GetUtcNow();
    }

    /// <summary>The unit's name.</summary>
    public UnitName Name { get; }

    /// <summary>Where the unit file lives.</summary>
    public string UnitFilePath { get; }

    /// <summary>The unit's output log.</summary>
    public Journal.UnitLog Log { get; }

    /// <summary>The loaded definition (what the next start uses).</summary>
    public ServiceDefinition Definition
    {
        get
        {
            lock (_gate)
            {
                return _definition;
            }
        }
    }

    /// <summary>systemd's LOAD state: <c>loaded</c>, or <c>bad-setting</c> when the definition has errors.</summary>
    public string LoadState
    {
        get
        {
            lock (_gate)
            {
                return _definition.Errors.IsEmpty ? "loaded" : "bad-setting";
            }
        }
    }

    /// <summary>The current (LOAD, ACTIVE, SUB) triple.</summary>
    public UnitState State
    {
        get
        {
            lock (_gate)
            {
                return StateLocked();
            }
        }
    }

    /// <summary>Replaces the definition; a running unit keeps its current one until it next starts.</summary>
    public void UpdateDefinition(ServiceDefinition definition)
    {
        lock (_gate)
        {
            _definition = definition;
            NotifyLocked();
        }
    }

    /// <summary>Queues a start (systemd's <c>StartUnit … replace</c>): starts when inactive or failed, cancels a
    /// pending auto-restart delay, starts again after a stop in progress, and does nothing when active.</summary>
    /// <exception cref="Fleet.Agent.UnitManagement.UnitManagerException">The unit cannot start (bad setting,
    /// unsupported type); the unit is then reported failed with the reason.</exception>
    public void RequestStart()
    {
        lock (_gate)
        {
            var refusal = _definition.IsService
                ? _definition.Errors.IsEmpty ? null : $"Unit {Name} has a bad unit file setting: {string.Join("; ", _definition.Errors)}"
                : $"Unit {Name}: unsupported unit type for the process supervisor ('.{Name.UnitType}'; only .service units can run)";
            if (refusal is not null)
            {
                if (_phase is ServicePhase.Dead or ServicePhase.Failed)
                {
                    _failureMessage = refusal;
                    _result = "resources";
                    SetPhaseLocked(ServicePhase.Failed);
                    NotifyLocked();
                }

                throw new Fleet.Agent.UnitManagement.UnitManagerException(refusal);
            }

            switch (_phase)
            {
                case ServicePhase.Dead or ServicePhase.Failed or ServicePhase.AutoRestart:
                    _stopRequested = false;
                    _autoRestarts.Clear();
                    BeginStartLocked();
                    break;
                case ServicePhase.Stop or ServicePhase.StopSigterm or ServicePhase.StopSigkill or ServicePhase.StopPost
                    or ServicePhase.FinalSigterm or ServicePhase.FinalSigkill:
                    _startQueued = true;
                    break;
                default:
                    break; // already activating or active
            }

            NotifyLocked();
        }
    }

    /// <summary>Queues a stop: runs ExecStop=, signals per KillMode=, waits up to TimeoutStopSec=, SIGKILLs,
    /// runs ExecStopPost=. Does nothing when inactive or failed; cancels a pending auto-restart.</summary>
    public void RequestStop()
    {
        lock (_gate)
        {
            _startQueued = false;
            switch (_phase)
            {
                case ServicePhase.AutoRestart:
                    CancelTimersLocked();
                    _stopRequested = true;
                    _result = "success";
                    SetPhaseLocked(ServicePhase.Dead);
                    break;
                case ServicePhase.StartPre or ServicePhase.Start or ServicePhase.StartPost:
                    _stopRequested = true;
                    Logs.Stopping(_host.Logger, Name);
                    EnterSignalLocked(ServicePhase.StopSigterm);
                    break;
                case ServicePhase.Running or ServicePhase.Exited:
                    _stopRequested = true;
                    Logs.Stopping(_host.Logger, Name);
                    EnterStopLocked();
                    break;
                default:
                    _stopRequested = _phase is not (ServicePhase.Dead or ServicePhase.Failed) || _stopRequested;
                    break;
            }

            NotifyLocked();
        }
    }

    /// <summary>Completes when the state satisfies <paramref name="predicate"/>.</summary>
    public async Task WaitForAsync(Func<UnitState, bool> predicate, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (predicate(StateLocked()))
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, done));
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Checks processes that are not children (adopted, PID file, process group) for exit.</summary>
    public void Poll()
    {
        ProcessHandle? main;
        lock (_gate)
        {
            main = _main;
        }

        main?.Poll();
    }

    /// <summary>Stops supervising without touching the processes (the supervisor is restarting): timers are
    /// cancelled, child handles released, and later process events ignored.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _detached = true;
            CancelTimersLocked();
            _main?.Release();
            _control?.Release();
            foreach (var (_, done) in _waiters)
            {
                done.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }

    /// <summary>What <see cref="PersistedUnitState"/> records now.</summary>
    public PersistedUnitState ToPersisted()
    {
        lock (_gate)
        {
            return new PersistedUnitState
            {
                SubState = _phase.SubState(),
                Result = _result,
                Since = _since,
                BootId = ProcStat.BootId,
                MainPid = _main?.Pid,
                MainStartTime = _main?.StartTime ?? 0,
                MainProcessGroup = _main?.ProcessGroup ?? 0,
                MainTracksGroup = _main?.TracksGroup ?? false,
                MainCommand = _main?.Command,
                ProcessLines = [.. _processLines],
            };
        }
    }

    /// <summary>Restores what a previous supervisor left: re-adopts a main process that still runs (same
    /// PID, not restarted), keeps <c>exited</c> and <c>failed</c>, and treats a main process that died
    /// meanwhile as a failure (so Restart= applies).</summary>
    public void Restore(PersistedUnitState saved)
    {
        lock (_gate)
        {
            if (saved.BootId != ProcStat.BootId || !ServicePhases.TryParse(saved.SubState, out var phase))
            {
                return; // rebooted since: nothing of it runs any more
            }

            _processLines.AddRange(saved.ProcessLines.TakeLast(MaxProcessLines));
            _result = saved.Result;
            if (saved.MainPid is { } pid)
            {
                var handle = ProcessHandle.ForAdopted(pid, saved.MainProcessGroup, saved.MainStartTime, saved.MainTracksGroup, saved.MainCommand ?? "?");
                handle.Poll();
                if (handle.IsRunning)
                {
                    _main = handle;
                    _lastMainPid = pid;
                    _lastMainCommand = handle.Command;
                    _groups.Add(handle.ProcessGroup);
                    _phase = ServicePhase.Running;
                    _since = saved.Since;
                    Logs.Adopted(_host.Logger, Name, pid);
                    _ = WatchAsync(handle, isMain: true);
                    if (phase is ServicePhase.Stop or ServicePhase.StopSigterm or ServicePhase.StopSigkill)
                    {
                        _stopRequested = true;
                        EnterStopLocked(); // it was being stopped when the previous supervisor went away
                    }

                    NotifyLocked();
                    return;
                }

                Logs.LostWhileAway(_host.Logger, Name, pid);
                _lastMainPid = pid;
                _lastMainCommand = handle.Command;
                _mainExit = ExitStatus.Unknown;
                _result = "exit-code";
                _failureMessage = $"Main process {pid} exited while no supervisor was watching (exit status unknown)";
                _since = saved.Since;
                EnterDeadLocked();
                NotifyLocked();
                return;
            }

            switch (phase)
            {
                case ServicePhase.Exited:
                    _phase = ServicePhase.Exited;
                    _since = saved.Since;
                    break;
                case ServicePhase.Failed:
                    _phase = ServicePhase.Failed;
                    _since = saved.Since;
                    break;
                case ServicePhase.Dead:
                    _phase = ServicePhase.Dead;
                    _since = saved.Since;
                    break;
                default:
                    // Interrupted in the middle of starting or stopping with no main process: report it failed.
                    _result = "resources";
                    _failureMessage = $"The supervisor restarted while the unit was in state {saved.SubState}";
                    _phase = ServicePhase.Failed;
                    _since = _host.Time.GetUtcNow();
                    break;
            }

            NotifyLocked();
        }
    }

    /// <summary>A snapshot for status text.</summary>
    public UnitStatus Describe()
    {
        lock (_gate)
        {
            var state = StateLocked();
            return new UnitStatus
            {
                Name = Name.Value,
                Description = _definition.Description,
                UnitFilePath = UnitFilePath,
                LoadState = state.LoadState,
                ActiveState = state.ActiveState,
                SubState = state.SubState,
                Result = _result,
                Since = _since,
                MainPid = _main?.Pid ?? _lastMainPid,
                MainCommand = _main?.Command ?? _lastMainCommand,
                MainRunning = _main is { IsRunning: true },
                MainExit = _mainExit?.ToString(),
                ProcessLines = [.. _processLines],
                FailureMessage = _failureMessage,
                Errors = _definition.Errors,
                Unsupported = _definition.Unsupported,
            };
        }
    }

    private UnitState StateLocked() =>
        new(_definition.Errors.IsEmpty ? "loaded" : "bad-setting", _phase.ActiveState(), _phase.SubState());

    private void NotifyLocked()
    {
        if (_detached)
        {
            return;
        }

        var state = StateLocked();
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Predicate(state))
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }

        _host.OnChanged(this);
    }

    private void SetPhaseLocked(ServicePhase phase)
    {
        if (phase.ActiveState() != _phase.ActiveState())
        {
            _since = _host.Time.GetUtcNow();
        }

        _phase = phase;
    }

    private void AddProcessLineLocked(string line)
    {
        _processLines.Add(line);
        if (_processLines.Count > MaxProcessLines)
        {
            _processLines.RemoveAt(0);
        }
    }

    private void CancelTimersLocked()
    {
        _timerGeneration++;
        _timer?.Dispose();
        _timer = null;
        _poll?.Dispose();
        _poll = null;
    }

    private void ArmTimeoutLocked(TimeSpan timeout)
    {
        CancelTimersLocked();
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var generation = _timerGeneration;
        _timer = _host.Time.CreateTimer(_ => OnTimer(generation, poll: false), null, timeout, Timeout.InfiniteTimeSpan);
    }

    private void ArmPollLocked()
    {
        var generation = _timerGeneration;
        _poll = _host.Time.CreateTimer(_ => OnTimer(generation, poll: true), null, KillPollInterval, KillPollInterval);
    }

    private void OnTimer(long generation, bool poll)
    {
        lock (_gate)
        {
            if (_detached || generation != _timerGeneration)
            {
                return;
            }

            if (poll)
            {
                _main?.Poll();
                if (_phase.IsSignalPhase() && !AnyAliveLocked())
                {
                    AdvanceFromSignalLocked();
                    NotifyLocked();
                }

                return;
            }

            TimedOutLocked();
            NotifyLocked();
        }
    }

    private async Task WatchAsync(ProcessHandle handle, bool isMain)
    {
        var status = await handle.Exited.ConfigureAwait(false);
        lock (_gate)
        {
            if (_detached)
            {
                return;
            }

            if (isMain && ReferenceEquals(handle, _main))
            {
                MainExitedLocked(status);
                NotifyLocked();
            }
            else if (!isMain && ReferenceEquals(handle, _control))
            {
                ControlExitedLocked(status);
                NotifyLocked();
            }
        }
    }

    private bool IsClean(ExitStatus status) => status switch
    {
        { Code: 0 } => true,
        { Code: { } code } => _current.SuccessExitCodes.Contains(code),
        { Signal: { } signal } => Signals.IsClean(signal) || _current.SuccessSignals.Contains(signal),
        _ => _stopRequested || _phase is not (ServicePhase.Running or ServicePhase.StartPost or ServicePhase.Start),
    };

}
