using System.Collections.Concurrent;
using Fleet.Agent.Systemd;
using Fleet.Core.Units;

namespace Fleet.Systemd.Bench;

/// <summary>What fleet's agent does with the unit manager's change feed: for every batch of possibly changed units,
/// one <c>GetStatesAsync</c> (one <c>ListUnitsByNames</c> call) and keep the states.</summary>
internal sealed class AgentLoop
{
    private readonly SystemdUnitManager _manager;
    private long _batches;
    private long _unitsRead;

    public AgentLoop(SystemdUnitManager manager) => _manager = manager;

    public ConcurrentDictionary<UnitName, UnitState> States { get; } = new();

    public long Batches => Interlocked.Read(ref _batches);

    public long UnitsRead => Interlocked.Read(ref _unitsRead);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in _manager.WatchStateChangesAsync(cancellationToken))
            {
                var states = await _manager.GetStatesAsync(batch, cancellationToken);
                foreach (var (name, state) in states)
                {
                    States[name] = state;
                }

                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _unitsRead, states.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped
        }
    }

    /// <summary>Polls the kept states (not systemd) until <paramref name="done"/> holds.</summary>
    public async Task WaitUntilAsync(Func<ConcurrentDictionary<UnitName, UnitState>, bool> done, TimeSpan timeout, string what)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!done(States))
        {
            if (TimeProvider.System.GetTimestamp() > until)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, CancellationToken.None);
        }
    }
}
