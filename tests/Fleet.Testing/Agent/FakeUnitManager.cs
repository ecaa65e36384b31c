using System.Threading.Channels;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;

namespace Fleet.Testing.Agent;

/// <summary>An in-memory <see cref="IUnitManager"/> with systemd's observable semantics: loading writes a
/// unit file (state <c>loaded/inactive/dead</c>), starting runs it (<c>loaded/active/running</c>), stopping
/// stops it, unloading stops it and removes the file, unknown units are <c>not-found/inactive/dead</c>.</summary>
/// <remarks>
/// Thread-safe. Every call is recorded in <see cref="Operations"/>; <see cref="FailWhen"/> injects
/// <see cref="UnitManagerException"/>s; <see cref="SetState"/> simulates a unit changing by itself (a crash).
/// The same instance can outlive an agent, like systemd outlives fleetd: units stay loaded and running.
/// </remarks>
public sealed class FakeUnitManager : IUnitManager
{
    /// <summary>The state of a unit the manager does not know.</summary>
    public static readonly UnitState NotFound = new("not-found", "inactive", "dead");

    /// <summary>The state of a loaded, stopped unit.</summary>
    public static readonly UnitState LoadedInactive = new("loaded", "inactive", "dead");

    /// <summary>The state of a running unit.</summary>
    public static readonly UnitState Running = new("loaded", "active", "running");

    private readonly Lock _gate = new();
    private readonly Dictionary<UnitName, (UnitFile File, UnitState State)> _units = [];
    private readonly List<FakeUnitOperation> _operations = [];
    private readonly List<Channel<IReadOnlyCollection<UnitName>>> _subscribers = [];
    private TaskCompletionSource _changed = NewSignal();
    private Func<FakeUnitOperation, bool>? _failWhen;

    /// <summary>Every call received, in order.</summary>
    public IReadOnlyList<FakeUnitOperation> Operations
    {
        get { lock (_gate) { return [.. _operations]; } }
    }

    /// <summary>The unit files currently loaded.</summary>
    public IReadOnlyDictionary<UnitName, UnitFile> Files
    {
        get { lock (_gate) { return _units.ToDictionary(u => u.Key, u => u.Value.File); } }
    }

    /// <summary>Number of <see cref="WatchStateChangesAsync"/> enumerations currently running.</summary>
    public int Subscribers
    {
        get { lock (_gate) { return _subscribers.Count; } }
    }

    /// <summary>The unit's state (<see cref="NotFound"/> when not loaded).</summary>
    public UnitState StateOf(UnitName name)
    {
        lock (_gate)
        {
            return _units.TryGetValue(name, out var unit) ? unit.State : NotFound;
        }
    }

    /// <summary>True when the unit is loaded and active.</summary>
    public bool IsRunning(UnitName name) => StateOf(name).ActiveState == "active";

    /// <summary>Makes every later call matching <paramref name="predicate"/> throw a
    /// <see cref="UnitManagerException"/> (null stops failing).</summary>
    public void FailWhen(Func<FakeUnitOperation, bool>? predicate)
    {
        lock (_gate)
        {
            _failWhen = predicate;
        }
    }

    /// <summary>Loads (and optionally starts) a unit without recording an operation: a unit that was
    /// already there when the agent started.</summary>
    public void Preload(UnitName name, UnitFile file, bool running)
    {
        ArgumentNullException.ThrowIfNull(file);
        Change(name, () => _units[name] = (file, running ? Running : LoadedInactive));
    }

    /// <summary>Changes a loaded unit's state as if it changed by itself, and notifies watchers.</summary>
    /// <exception cref="InvalidOperationException">The unit is not loaded.</exception>
    public void SetState(UnitName name, UnitState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Change(name, () =>
        {
            var unit = _units.TryGetValue(name, out var u) ? u : throw new InvalidOperationException($"{name} is not loaded");
            _units[name] = (unit.File, state);
        });
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every change.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; the message
    /// names <paramref name="description"/> and lists the operations received.</exception>
    public async Task WaitUntilAsync(Func<FakeUnitManager, bool> condition, TimeSpan timeout, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {description}. Operations: [{string.Join(", ", Operations)}]");
            }
        }
    }

    /// <inheritdoc />
    public ValueTask LoadAsync(UnitName name, UnitFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Act(FakeUnitOperationKind.Load, name, () =>
        {
            // Like systemd, rewriting the file of a running unit does not stop it.
            var state = _units.TryGetValue(name, out var unit) ? unit.State : LoadedInactive;
            _units[name] = (file, state);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask UnloadAsync(UnitName name, CancellationToken cancellationToken) =>
        Act(FakeUnitOperationKind.Unload, name, () => _units.Remove(name), cancellationToken);

    /// <inheritdoc />
    public ValueTask ReloadAsync(CancellationToken cancellationToken) =>
        Act(FakeUnitOperationKind.Reload, null, () => { }, cancellationToken);

    /// <inheritdoc />
    public ValueTask StartAsync(UnitName name, CancellationToken cancellationToken) =>
        Act(FakeUnitOperationKind.Start, name, () =>
        {
            var unit = _units.TryGetValue(name, out var u) ? u : throw new UnitManagerException($"Unit {name} not found: cannot start it.");
            _units[name] = (unit.File, Running);
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask StopAsync(UnitName name, CancellationToken cancellationToken) =>
        Act(FakeUnitOperationKind.Stop, name, () =>
        {
            if (_units.TryGetValue(name, out var unit))
            {
                _units[name] = (unit.File, LoadedInactive);
            }
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<UnitName, UnitHash>> ListLoadedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<UnitName, UnitHash>>(_units.ToDictionary(u => u.Key, u => u.Value.File.Hash));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<UnitName, UnitState>> GetStatesAsync(IReadOnlyCollection<UnitName> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<UnitName, UnitState>>(
                names.Distinct().ToDictionary(n => n, n => _units.TryGetValue(n, out var u) ? u.State : NotFound));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyCollection<UnitName>> WatchStateChangesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<IReadOnlyCollection<UnitName>>();
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        NotifyChanged();
        try
        {
            while (true)
            {
                yield return await channel.Reader.ReadAsync(cancellationToken);
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            NotifyChanged();
        }
    }

    private ValueTask Act(FakeUnitOperationKind kind, UnitName? name, Action action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new FakeUnitOperation(kind, name);
        bool fail;
        lock (_gate)
        {
            _operations.Add(operation);
            fail = _failWhen?.Invoke(operation) ?? false;
        }

        if (fail)
        {
            NotifyChanged();
            return ValueTask.FromException(new UnitManagerException($"Injected failure: {operation}."));
        }

        try
        {
            Change(name, action);
        }
        catch (UnitManagerException ex)
        {
            return ValueTask.FromException(ex);
        }

        return ValueTask.CompletedTask;
    }

    private void Change(UnitName? name, Action action)
    {
        lock (_gate)
        {
            action();
            if (name is { } changed)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite([changed]);
                }
            }
        }

        NotifyChanged();
    }

    private void NotifyChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
