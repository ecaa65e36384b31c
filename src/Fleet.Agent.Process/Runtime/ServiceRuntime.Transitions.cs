using System.Collections.Immutable;
using System.Globalization;
using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Runtime;

/// <summary>The transitions; every method here runs with the lock held.</summary>
internal sealed partial class ServiceRuntime
{
    private void BeginStartLocked()
    {
        CancelTimersLocked();
        _current = _definition;
        _result = "success";
        _mainExit = null;
        _failureMessage = null;
        _main = null;
        _control = null;
        _groups.Clear();
        Logs.Starting(_host.Logger, Name);
        try
        {
            _context = ResolveContext();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _failureMessage = e.Message;
            Logs.StartFailed(_host.Logger, Name, e.Message);
            _result = "resources";
            SetPhaseLocked(ServicePhase.StartPre);
            EnterDeadLocked();
            return;
        }

        SetPhaseLocked(ServicePhase.StartPre);
        ArmTimeoutLocked(_current.StartTimeout);
        RunCommandsLocked(_current.ExecStartPre, "ExecStartPre", EnterStartLocked);
    }

    /// <summary>Queues <paramref name="commands"/> and runs the first, or calls <paramref name="whenNone"/>.</summary>
    private void RunCommandsLocked(ImmutableArray<ExecCommand> commands, string kind, Action whenNone)
    {
        _commands.Clear();
        foreach (var command in commands)
        {
            _commands.Enqueue(command);
        }

        _controlKind = kind;
        if (_commands.Count == 0)
        {
            whenNone();
            return;
        }

        RunNextControlLocked();
    }

    private void RunNextControlLocked()
    {
        var command = _commands.Dequeue();
        _controlCommand = command;
        var handle = LaunchLocked(command);
        if (handle is null)
        {
            ControlExitedLocked(ExitStatus.ExecFailed);
            return;
        }

        _control = handle;
        _ = WatchAsync(handle, isMain: false);
    }

    private ProcessHandle? LaunchLocked(ExecCommand command)
    {
        var context = _context!; // set by BeginStartLocked before any command runs
        if (_main is { } main)
        {
            context = context with { Environment = context.Environment.SetItem("MAINPID", main.Pid.ToString(CultureInfo.InvariantCulture)) };
        }

        var handle = _host.Launcher.TryLaunch(command, context, out var error);
        if (handle is null)
        {
            _failureMessage = $"{command.Text}: {error}";
            Logs.LaunchFailed(_host.Logger, Name, command.Text, error ?? string.Empty);
            return null;
        }

        _groups.Add(handle.ProcessGroup);
        return handle;
    }

    private void EnterStartLocked()
    {
        SetPhaseLocked(ServicePhase.Start);
        switch (_current.Type)
        {
            case ServiceType.Simple:
                var command = _current.ExecStart[0];
                var handle = LaunchLocked(command);
                if (handle is null)
                {
                    _mainExit = ExitStatus.ExecFailed;
                    AddProcessLineLocked($"Process: ExecStart={command.Text} ({ExitStatus.ExecFailed})");
                    _result = "exit-code";
                    EnterSignalLocked(ServicePhase.StopSigterm);
                    return;
                }

                _main = handle;
                _lastMainPid = handle.Pid;
                _lastMainCommand = handle.Command;
                _ = WatchAsync(handle, isMain: true);
                Logs.Started(_host.Logger, Name, handle.Pid);
                EnterStartPostLocked();
                break;
            case ServiceType.Oneshot:
                RunCommandsLocked(_current.ExecStart, "ExecStart", EnterStartPostLocked);
                break;
            case ServiceType.Forking:
                RunCommandsLocked(_current.ExecStart, "ExecStart", EnterStartPostLocked);
                break;
            default:
                throw new InvalidOperationException($"unknown service type {_current.Type}");
        }
    }

    private void EnterStartPostLocked()
    {
        SetPhaseLocked(ServicePhase.StartPost);
        RunCommandsLocked(_current.ExecStartPost, "ExecStartPost", EnterRunningLocked);
    }

    private void EnterRunningLocked()
    {
        CancelTimersLocked();
        if (_main is { IsRunning: true })
        {
            SetPhaseLocked(ServicePhase.Running);
        }
        else if (_current.Type == ServiceType.Oneshot && _current.RemainAfterExit && _result == "success")
        {
            SetPhaseLocked(ServicePhase.Exited);
            Logs.Finished(_host.Logger, Name);
        }
        else
        {
            EnterStopLocked();
        }
    }

    private void EnterStopLocked()
    {
        CancelTimersLocked();
        SetPhaseLocked(ServicePhase.Stop);
        ArmTimeoutLocked(_current.StopTimeout);
        RunCommandsLocked(_current.ExecStop, "ExecStop", () => EnterSignalLocked(ServicePhase.StopSigterm));
    }

    private void EnterStopPostLocked()
    {
        CancelTimersLocked();
        SetPhaseLocked(ServicePhase.StopPost);
        ArmTimeoutLocked(_current.StopTimeout);
        RunCommandsLocked(_current.ExecStopPost, "ExecStopPost", () => EnterSignalLocked(ServicePhase.FinalSigterm));
    }

    private void EnterSignalLocked(ServicePhase phase)
    {
        CancelTimersLocked();
        _commands.Clear();
        var kill = phase is ServicePhase.StopSigkill or ServicePhase.FinalSigkill;
        if (!kill || _current.SendSigkill)
        {
            SignalLocked(kill ? Signals.Kill : _current.KillSignal, kill);
        }

        SetPhaseLocked(phase);
        if (!AnyAliveLocked())
        {
            AdvanceFromSignalLocked();
            return;
        }

        ArmTimeoutLocked(_current.StopTimeout);
        ArmPollLocked();
    }

    private void SignalLocked(int signal, bool kill)
    {
        switch (_current.KillMode)
        {
            case KillMode.ControlGroup:
                foreach (var group in _groups)
                {
                    Native.SendSignal(-group, signal);
                }

                _main?.Signal(signal);
                break;
            case KillMode.Mixed when kill:
                foreach (var group in _groups)
                {
                    Native.SendSignal(-group, signal);
                }

                _main?.Signal(signal);
                break;
            case KillMode.Mixed or KillMode.Process:
                _main?.Signal(signal);
                _control?.Signal(signal);
                break;
            default:
                break; // KillMode=none: only ExecStop= stops the unit
        }
    }

    private bool AnyAliveLocked()
    {
        if (_main is { IsRunning: true } || _control is { IsRunning: true })
        {
            return true;
        }

        return _current.KillMode is KillMode.ControlGroup or KillMode.Mixed
            && _groups.Any(g => ProcStat.GroupMembers(g).Count > 0);
    }

    private void AdvanceFromSignalLocked()
    {
        switch (_phase)
        {
            case ServicePhase.StopSigterm or ServicePhase.StopSigkill:
                EnterStopPostLocked();
                break;
            case ServicePhase.FinalSigterm or ServicePhase.FinalSigkill:
                EnterDeadLocked();
                break;
            default:
                break;
        }
    }

    private void EnterDeadLocked()
    {
        CancelTimersLocked();
        _commands.Clear();
        _main = null;
        _control = null;
        if (_startQueued && !_detached)
        {
            _startQueued = false;
            _stopRequested = false;
            BeginStartLocked();
            return;
        }

        var failed = _result != "success";
        if (!_stopRequested && ShouldRestart())
        {
            var now = _host.Time.GetUtcNow();
            _autoRestarts.RemoveAll(t => now - t > _current.StartLimitInterval);
            if (_autoRestarts.Count >= _current.StartLimitBurst)
            {
                _result = "start-limit-hit";
                _failureMessage = $"Start request repeated too quickly ({_current.StartLimitBurst} restarts within {SystemdTimeSpan.Format(_current.StartLimitInterval)})";
                Logs.StartLimitHit(_host.Logger, Name, _current.StartLimitBurst);
                SetPhaseLocked(ServicePhase.Failed);
                return;
            }

            _autoRestarts.Add(now);
            SetPhaseLocked(ServicePhase.AutoRestart);
            Logs.RestartScheduled(_host.Logger, Name, _current.RestartDelay, _result);
            ArmTimeoutLocked(_current.RestartDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : _current.RestartDelay);
            return;
        }

        SetPhaseLocked(failed ? ServicePhase.Failed : ServicePhase.Dead);
        Logs.Stopped(_host.Logger, Name, failed ? "failed" : "inactive", _result);
    }

    private bool ShouldRestart() => _current.Restart switch
    {
        RestartPolicy.Always => _result is not "start-limit-hit" and not "resources",
        RestartPolicy.OnSuccess => _result == "success",
        RestartPolicy.OnFailure => _result is "exit-code" or "signal" or "core-dump" or "timeout",
        RestartPolicy.OnAbnormal => _result is "signal" or "core-dump" or "timeout",
        RestartPolicy.OnAbort => _result is "signal" or "core-dump",
        _ => false,
    };

    private void MainExitedLocked(ExitStatus status)
    {
        var main = _main!; // WatchAsync checked it is the current main process
        _mainExit = status;
        if (status == ExitStatus.Unknown && !_stopRequested)
        {
            _failureMessage = $"Main process {main.Pid} exited on its own; it is not a child of this supervisor, so its exit status is unknown";
        }

        var clean = IsClean(status);
        AddProcessLineLocked($"Main process exited, {status}{(clean ? string.Empty : $" (pid {main.Pid})")}");
        Logs.MainExited(_host.Logger, Name, main.Pid, status);
        if (!clean && _result == "success")
        {
            _result = status.Signal is not null ? "signal" : "exit-code";
        }

        switch (_phase)
        {
            case ServicePhase.Running:
                EnterStopLocked();
                break;
            case var phase when phase.IsSignalPhase():
                if (!AnyAliveLocked())
                {
                    AdvanceFromSignalLocked();
                }

                break;
            default:
                break; // start-post, stop: their commands finish first, then the main process is found gone
        }
    }

    private void ControlExitedLocked(ExitStatus status)
    {
        var command = _controlCommand!; // a control process only runs with its command recorded
        var pid = _control?.Pid;
        _control = null;
        var clean = IsCleanControl(status);
        var ok = clean || command.IgnoreFailure;
        AddProcessLineLocked($"Process: {(pid is null ? string.Empty : pid.Value.ToString(CultureInfo.InvariantCulture) + " ")}{_controlKind}={command.Text} ({status}{(clean ? string.Empty : command.IgnoreFailure ? ", ignored" : string.Empty)})");
        if (!ok)
        {
            Logs.ControlFailed(_host.Logger, Name, _controlKind ?? "?", command.Text, status);
        }

        var next = ok && _commands.Count > 0;
        switch (_phase)
        {
            case ServicePhase.StartPre or ServicePhase.Start or ServicePhase.StartPost when !ok:
                FailLocked(status);
                if (_phase == ServicePhase.StartPost)
                {
                    EnterStopLocked();
                }
                else
                {
                    EnterSignalLocked(ServicePhase.StopSigterm);
                }

                break;
            case ServicePhase.StartPre or ServicePhase.Start or ServicePhase.StartPost or ServicePhase.Stop or ServicePhase.StopPost when next:
                RunNextControlLocked();
                break;
            case ServicePhase.StartPre:
                EnterStartLocked();
                break;
            case ServicePhase.Start when _current.Type == ServiceType.Forking:
                if (TryFindForkedMainLocked())
                {
                    EnterStartPostLocked();
                }

                break;
            case ServicePhase.Start:
                EnterStartPostLocked();
                break;
            case ServicePhase.StartPost:
                EnterRunningLocked();
                break;
            case ServicePhase.Stop:
                if (!ok)
                {
                    FailLocked(status);
                }

                EnterSignalLocked(ServicePhase.StopSigterm);
                break;
            case ServicePhase.StopPost:
                if (!ok)
                {
                    FailLocked(status);
                }

                EnterSignalLocked(ServicePhase.FinalSigterm);
                break;
            case var phase when phase.IsSignalPhase():
                if (!AnyAliveLocked())
                {
                    AdvanceFromSignalLocked();
                }

                break;
            default:
                break;
        }
    }

    private bool IsCleanControl(ExitStatus status) => status switch
    {
        { Code: 0 } => true,
        { Code: { } code } => _current.SuccessExitCodes.Contains(code),
        { Signal: { } signal } => _current.SuccessSignals.Contains(signal),
        _ => false,
    };

    private void FailLocked(ExitStatus status)
    {
        if (_result == "success")
        {
            _result = status.Signal is not null ? "signal" : "exit-code";
        }
    }

    /// <summary>After a forking service's parent exited cleanly: the main process is the PID in PIDFile= or,
    /// without one, the process group the parent left behind.</summary>
    private bool TryFindForkedMainLocked()
    {
        var parentGroups = _groups.ToList();
        if (_current.PidFile is { } pidFile)
        {
            if (File.Exists(pidFile)
                && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid > 1
                && ProcStat.TryRead(pid) is { IsAlive: true } stat)
            {
                AdoptForkedLocked(ProcessHandle.ForAdopted(pid, stat.ProcessGroup, stat.StartTime, tracksGroup: false, stat.Command));
                return true;
            }

            _failureMessage = $"PIDFile={pidFile} is missing or names no running process after the start command exited";
            _result = "protocol";
            EnterSignalLocked(ServicePhase.StopSigterm);
            return false;
        }

        foreach (var group in parentGroups)
        {
            var members = ProcStat.GroupMembers(group);
            if (members.Count > 0)
            {
                var first = members.MinBy(m => m.StartTime)!; // Count > 0
                AdoptForkedLocked(ProcessHandle.ForAdopted(first.Pid, group, first.StartTime, tracksGroup: true, first.Command));
                return true;
            }
        }

        _failureMessage = "The start command exited and left no process behind (forking service with no daemon)";
        _result = "protocol";
        EnterSignalLocked(ServicePhase.StopSigterm);
        return false;
    }

    private void AdoptForkedLocked(ProcessHandle handle)
    {
        _main = handle;
        _lastMainPid = handle.Pid;
        _lastMainCommand = handle.Command;
        _groups.Add(handle.ProcessGroup);
        Logs.Started(_host.Logger, Name, handle.Pid);
        _ = WatchAsync(handle, isMain: true);
    }

    private void TimedOutLocked()
    {
        Logs.TimedOut(_host.Logger, Name, _phase.SubState());
        switch (_phase)
        {
            case ServicePhase.StartPre or ServicePhase.Start or ServicePhase.StartPost or ServicePhase.Stop:
                SetTimeoutResultLocked();
                EnterSignalLocked(ServicePhase.StopSigterm);
                break;
            case ServicePhase.StopSigterm:
                SetTimeoutResultLocked();
                EnterSignalLocked(ServicePhase.StopSigkill);
                break;
            case ServicePhase.StopSigkill:
                Logs.ProcessesRemain(_host.Logger, Name);
                EnterStopPostLocked();
                break;
            case ServicePhase.StopPost:
                SetTimeoutResultLocked();
                EnterSignalLocked(ServicePhase.FinalSigterm);
                break;
            case ServicePhase.FinalSigterm:
                EnterSignalLocked(ServicePhase.FinalSigkill);
                break;
            case ServicePhase.FinalSigkill:
                Logs.ProcessesRemain(_host.Logger, Name);
                EnterDeadLocked();
                break;
            case ServicePhase.AutoRestart:
                _stopRequested = false;
                BeginStartLocked();
                break;
            default:
                break;
        }
    }

    private void SetTimeoutResultLocked()
    {
        if (_result == "success")
        {
            _result = "timeout";
        }
    }

    private ExecContext ResolveContext()
    {
        var user = _current.User is not null || _current.Group is not null
            ? UserAccount.Resolve(_current.User, _current.Group)
            : null;
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        environment["PATH"] = ProcessLauncher.DefaultPath;
        if (user is not null)
        {
            environment["HOME"] = user.Home;
            environment["USER"] = user.Name;
            environment["LOGNAME"] = user.Name;
            environment["SHELL"] = user.Shell;
        }

        foreach (var (key, value) in _current.Environment)
        {
            environment[key] = value;
        }

        foreach (var (path, optional) in _current.EnvironmentFiles)
        {
            if (!File.Exists(path))
            {
                if (optional)
                {
                    continue;
                }

                throw new InvalidOperationException($"EnvironmentFile={path}: no such file");
            }

            // Small files read once per start; a blocking read here is cheaper than a hop.
            EnvironmentParser.ParseFile(File.ReadAllText(path), path, out var assignments, out var errors);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"EnvironmentFile={path}: {string.Join("; ", errors)}");
            }

            foreach (var (key, value) in assignments)
            {
                environment[key] = value;
            }
        }

        var workingDirectory = _current.WorkingDirectory switch
        {
            null => "/",
            "~" => user?.Home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            var path => path,
        };
        if (!Directory.Exists(workingDirectory))
        {
            if (!_current.WorkingDirectoryOptional)
            {
                throw new InvalidOperationException($"WorkingDirectory={workingDirectory}: no such directory");
            }

            workingDirectory = "/";
        }

        Directory.CreateDirectory(Log.Directory);
        return new ExecContext(environment.ToImmutable(), workingDirectory, Log.CurrentPath, user);
    }
}
