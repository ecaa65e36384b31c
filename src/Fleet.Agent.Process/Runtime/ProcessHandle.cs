namespace Fleet.Agent.Process.Runtime;

/// <summary>A process the supervisor tracks: a child it started (exit reported by the runtime) or a process
/// it adopted or found through a PID file or process group (exit detected by <see cref="Poll"/>).</summary>
internal sealed class ProcessHandle
{
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Diagnostics.Process? _child;

    private ProcessHandle(int pid, int processGroup, long startTime, System.Diagnostics.Process? child, bool tracksGroup, string command)
    {
        Pid = pid;
        ProcessGroup = processGroup;
        StartTime = startTime;
        _child = child;
        TracksGroup = tracksGroup;
        Command = command;
    }

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>The process group (its own session's group for processes this supervisor launched).</summary>
    public int ProcessGroup { get; }

    /// <summary>Start time in clock ticks after boot (guards against PID reuse).</summary>
    public long StartTime { get; }

    /// <summary>The process counts as running while any member of its group lives (forking without PIDFile=).</summary>
    public bool TracksGroup { get; }

    /// <summary>The command name, for status output.</summary>
    public string Command { get; }

    /// <summary>True for a child of this supervisor.</summary>
    public bool IsChild => _child is not null;

    /// <summary>Completes once the process has exited.</summary>
    public Task<ExitStatus> Exited => _exited.Task;

    /// <summary>Wraps a child this supervisor started; its exit is awaited without blocking a thread.</summary>
    public static ProcessHandle ForChild(System.Diagnostics.Process child, string command)
    {
        var startTime = ProcStat.TryRead(child.Id)?.StartTime ?? 0;
        var handle = new ProcessHandle(child.Id, child.Id, startTime, child, tracksGroup: false, command);
        _ = handle.WaitForChildAsync();
        return handle;
    }

    /// <summary>Tracks a process that is not a child (re-adopted after a restart, or read from PIDFile=).</summary>
    public static ProcessHandle ForAdopted(int pid, int processGroup, long startTime, bool tracksGroup, string command) =>
        new(pid, processGroup, startTime, child: null, tracksGroup, command);

    /// <summary>For processes that are not children: checks whether they (or their group) still live and
    /// completes <see cref="Exited"/> with an unknown status when not.</summary>
    public void Poll()
    {
        if (_child is not null || _exited.Task.IsCompleted)
        {
            return;
        }

        var alive = TracksGroup
            ? ProcStat.GroupMembers(ProcessGroup).Count > 0
            : ProcStat.IsSameAlive(Pid, StartTime);
        if (!alive)
        {
            _exited.TrySetResult(ExitStatus.Unknown);
        }
    }

    /// <summary>True while the process (and, when tracking the group, its group) has not exited.</summary>
    public bool IsRunning => !_exited.Task.IsCompleted;

    /// <summary>Signals the process itself.</summary>
    public void Signal(int signal)
    {
        if (IsRunning && Pid > 0)
        {
            Native.SendSignal(Pid, signal);
        }
    }

    /// <summary>Stops tracking a child without killing it (detach): releases the runtime's handle.</summary>
    public void Release() => _child?.Dispose();

    private async Task WaitForChildAsync()
    {
        var child = _child!; // only called for children
        try
        {
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _exited.TrySetResult(ExitStatus.FromExitCode(child.ExitCode));
        }
        catch (InvalidOperationException)
        {
            // Released (detached) before it exited: nobody waits for this handle any more.
            _exited.TrySetResult(ExitStatus.Unknown);
        }
        finally
        {
            child.Dispose();
        }
    }
}
