using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

/// <summary>Records every distinct state of one unit: the state when it started, then the state read
/// after each pushed change.</summary>
internal sealed class StateRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<string> _states = [];
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
        }
    }
}
