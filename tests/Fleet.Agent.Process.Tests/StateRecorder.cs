using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

/// <summary>Records every distinct state of one unit read after each pushed change.</summary>
internal sealed class StateRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly List<string> _states = [];
    private readonly Task _loop;

    public StateRecorder(ProcessSupervisor supervisor, UnitName name)
    {
        var changes = supervisor.WatchStateChangesAsync(_cts.Token).GetAsyncEnumerator(_cts.Token);
        var first = changes.MoveNextAsync();
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
        await using var _ = changes;
        var next = first;
        while (true)
        {
            var state = (await supervisor.GetStatesAsync([name], _cts.Token))[name];
            var text = $"{state.ActiveState}/{state.SubState}";
            lock (_states)
            {
                if (_states.Count == 0 || _states[^1] != text)
                {
                    _states.Add(text);
                }
            }

            await next;
            next = changes.MoveNextAsync();
        }
    }
}
