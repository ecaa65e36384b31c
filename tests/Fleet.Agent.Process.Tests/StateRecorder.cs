using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

/// <summary>Records every distinct state of one unit: the state when it started, then the state read
/// after each pushed change.</summary>
internal sealed class StateRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<string> _states = [];
    private TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    private StateRecorder(CancellationTokenSource cts, ProcessSupervisor supervisor, UnitName name, IAsyncEnumerator<IReadOnlyCollection<UnitName>> changes, ValueTask<bool> first, UnitState initial)
    {
        _cts = cts;
        Record(initial);
        _loop = RunAsync(supervisor, name, changes, first);
    }

    public IReadOnlyList<string> States
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    /// <summary>Subscribes, records the current state, then records every change.</summary>
    public static async Task<StateRecorder> StartAsync(ProcessSupervisor supervisor, UnitName name)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var changes = supervisor.WatchStateChangesAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var first = changes.MoveNextAsync();
        var initial = (await supervisor.GetStatesAsync([name], cts.Token))[name];
        return new StateRecorder(cts, supervisor, name, changes, first, initial);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _cts.Dispose();
    }

    private async Task RunAsync(ProcessSupervisor supervisor, UnitName name, IAsyncEnumerator<IReadOnlyCollection<UnitName>> changes, ValueTask<bool> first)
    {
        try
        {
            var next = first;
            while (true)
            {
                await next; // ends with OperationCanceledException when the recorder is disposed
                Record((await supervisor.GetStatesAsync([name], _cts.Token))[name]);
                next = changes.MoveNextAsync();
            }
        }
        finally
        {
            await changes.DisposeAsync();
        }
    }

    private void Record(UnitState state)
    {
        var text = $"{state.ActiveState}/{state.SubState}";
        lock (_states)
        {
            if (_states.Count == 0 || _states[^1] != text)
            {
                _states.Add(text);
            }

            _recorded.TrySetResult();
            _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Awaits the recorded states to satisfy <paramref name="predicate"/> (the recorder reads each
    /// change after it is pushed, so it may lag behind a caller that awaited the same state).</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> predicate)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(SupervisorHarness.Deadline);
        while (true)
        {
            Task recorded;
            lock (_states)
            {
                if (predicate(_states))
                {
                    return;
                }

                recorded = _recorded.Task;
            }

            try
            {
                await recorded.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"recorded states [{string.Join(", ", States)}] did not match within {SupervisorHarness.Deadline}");
            }
        }
    }
}
