namespace Fleet.Agent.Systemd;

/// <summary>Bounds the start/stop jobs this manager has queued in systemd and that have not finished yet.</summary>
/// <remarks>
/// systemd tracks the bus client of every queued job with its own match rule on the bus, and dbus-daemon allows a
/// connection 512 match rules: queueing about 500 jobs at once (a machine told to start 1,000 units) makes systemd
/// drop off the bus. A permit is taken before <c>StartUnit</c>/<c>StopUnit</c> and given back when systemd reports
/// the unit's <c>JobRemoved</c> (all permits of a unit at once: repeated requests merge into one job), when the call
/// fails, or when the connection is replaced. Invariant: permits held == sum of the per-unit counts.
/// </remarks>
internal sealed class PendingJobs(int limit) : IDisposable
{
    private readonly SemaphoreSlim _permits = new(limit, limit);
    private readonly Dictionary<string, int> _byUnit = new(StringComparer.Ordinal);

    /// <summary>Gets how many jobs are queued and not finished.</summary>
    public int Count
    {
        get
        {
            lock (_byUnit)
            {
                return _byUnit.Values.Sum();
            }
        }
    }

    /// <summary>Waits for a permit for a job on <paramref name="unit"/>.</summary>
    public async Task EnterAsync(string unit, CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken);
        lock (_byUnit)
        {
            _byUnit[unit] = _byUnit.GetValueOrDefault(unit) + 1;
        }
    }

    /// <summary>The call for <paramref name="unit"/> failed: no job was queued.</summary>
    public void Failed(string unit)
    {
        lock (_byUnit)
        {
            if (!_byUnit.TryGetValue(unit, out var count))
            {
                return;
            }

            if (count == 1)
            {
                _byUnit.Remove(unit);
            }
            else
            {
                _byUnit[unit] = count - 1;
            }
        }

        _permits.Release();
    }

    /// <summary>systemd finished a job of <paramref name="unit"/> (any result).</summary>
    public void Removed(string unit)
    {
        int count;
        lock (_byUnit)
        {
            if (!_byUnit.Remove(unit, out count))
            {
                return;
            }
        }

        _permits.Release(count);
    }

    /// <summary>The connection was replaced: systemd no longer tracks this client's jobs.</summary>
    public void Reset()
    {
        int count;
        lock (_byUnit)
        {
            count = _byUnit.Values.Sum();
            _byUnit.Clear();
        }

        if (count > 0)
        {
            _permits.Release(count);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _permits.Dispose();
}
