using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.ScaleHarness;

/// <summary>Which units run where, as the agents publish it (fed by <see cref="TrackingStateStore"/> after each
/// successful etcd write). Lets the harness wait for convergence without polling etcd, so that its own reads do
/// not show up in the request counts.</summary>
internal sealed class LaunchTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitName, HashSet<MachineId>> _running = [];
    private readonly HashSet<MachineId> _lost = [];
    private readonly Dictionary<UnitName, List<(Func<int, bool> Done, TaskCompletionSource<long> Completion)>> _waiters = [];
    private int _runningUnits;

    /// <summary>Units running on at least one live machine.</summary>
    public int RunningUnits
    {
        get
        {
            lock (_gate)
            {
                return _runningUnits;
            }
        }
    }

    /// <summary>How many live machines run <paramref name="unit"/>.</summary>
    public int RunningOn(UnitName unit)
    {
        lock (_gate)
        {
            return _running.TryGetValue(unit, out var machines) ? machines.Count : 0;
        }
    }

    /// <summary>Which units in <paramref name="units"/> run on no live machine.</summary>
    public int CountNotRunning(IEnumerable<UnitName> units)
    {
        lock (_gate)
        {
            return units.Count(u => !_running.TryGetValue(u, out var machines) || machines.Count == 0);
        }
    }

    public void Report(UnitName unit, MachineId machine, bool running)
    {
        lock (_gate)
        {
            if (_lost.Contains(machine))
            {
                return;
            }

            if (!_running.TryGetValue(unit, out var machines))
            {
                if (!running)
                {
                    return;
                }

                _running[unit] = machines = [];
            }

            var before = machines.Count;
            var changed = running ? machines.Add(machine) : machines.Remove(machine);
            if (!changed)
            {
                return;
            }

            _runningUnits += (before, machines.Count) switch
            {
                (0, > 0) => 1,
                (> 0, 0) => -1,
                _ => 0,
            };
            Notify(unit, machines.Count);
        }
    }

    /// <summary>Forgets every state of machines that are about to go away (their later reports are ignored).</summary>
    /// <returns>The units that ran only on those machines.</returns>
    public IReadOnlyList<UnitName> MarkLost(IReadOnlyCollection<MachineId> machines)
    {
        lock (_gate)
        {
            _lost.UnionWith(machines);
            var affected = new List<UnitName>();
            foreach (var (unit, running) in _running)
            {
                var before = running.Count;
                running.ExceptWith(machines);
                if (running.Count == before)
                {
                    continue;
                }

                if (running.Count == 0)
                {
                    affected.Add(unit);
                    _runningUnits--;
                }

                // Waiters count live machines only: those left just changed.
                Notify(unit, running.Count);
            }

            return affected;
        }
    }

    /// <summary>Completes (with the <see cref="System.Diagnostics.Stopwatch"/> timestamp of the change) once the
    /// number of live machines running <paramref name="unit"/> satisfies <paramref name="done"/>.</summary>
    public Task<long> WhenAsync(UnitName unit, Func<int, bool> done)
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done(_running.TryGetValue(unit, out var machines) ? machines.Count : 0))
            {
                completion.SetResult(System.Diagnostics.Stopwatch.GetTimestamp());
                return completion.Task;
            }

            if (!_waiters.TryGetValue(unit, out var list))
            {
                _waiters[unit] = list = [];
            }

            list.Add((done, completion));
        }

        return completion.Task;
    }

    private void Notify(UnitName unit, int count)
    {
        if (!_waiters.TryGetValue(unit, out var list))
        {
            return;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        list.RemoveAll(w =>
        {
            if (!w.Done(count))
            {
                return false;
            }

            w.Completion.SetResult(now);
            return true;
        });
        if (list.Count == 0)
        {
            _waiters.Remove(unit);
        }
    }
}
