using System.Runtime.CompilerServices;

namespace Fleet.Registry.InMemory;

/// <summary>Watches: resume from the history, or reset when it is gone or the watcher fell behind.</summary>
internal sealed partial class RegistryCore
{
    /// <summary>Follows every change of keys starting with <paramref name="prefix"/> after
    /// <paramref name="afterRevision"/>. Yields a reset when that history was compacted or when this watcher
    /// fell more than its queue's capacity behind. Ends only by cancellation (or the core's disposal, as
    /// <see cref="RegistryUnavailableException"/>).</summary>
    public async IAsyncEnumerable<RawWatchEvent> WatchAsync(
        string prefix,
        long afterRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RawWatchEvent? pending;
        Watcher watcher;
        lock (_gate)
        {
            ThrowIfDisposedLocked();
            (pending, watcher) = afterRevision < _compactedRevision ? ResetLocked(prefix) : ResumeLocked(prefix, afterRevision);
        }

        try
        {
            while (true)
            {
                if (pending is not null)
                {
                    yield return pending;
                    pending = null;
                }

                if (watcher.Overflowed)
                {
                    lock (_gate)
                    {
                        ThrowIfDisposedLocked();
                        _watchers.Remove(watcher);
                        (pending, watcher) = ResetLocked(prefix);
                    }

                    continue;
                }

                if (!await WaitToReadAsync(watcher, cancellationToken))
                {
                    if (watcher.Overflowed)
                    {
                        continue;
                    }

                    throw new RegistryUnavailableException("The in-memory registry has been disposed.");
                }

                while (!watcher.Overflowed && watcher.Channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private static async ValueTask<bool> WaitToReadAsync(Watcher watcher, CancellationToken cancellationToken)
    {
        try
        {
            return await watcher.Channel.Reader.WaitToReadAsync(cancellationToken);
        }
        catch (ObjectDisposedException ex)
        {
            throw new RegistryUnavailableException("The in-memory registry has been disposed.", ex);
        }
    }

    private (RawWatchEvent? Pending, Watcher Watcher) ResumeLocked(string prefix, long afterRevision)
    {
        var first = FirstHistoryIndexAfterLocked(afterRevision);
        List<RawChange> missed = [];
        for (var i = first; i < _history.Count; i++)
        {
            if (_history[i].Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                missed.Add(_history[i]);
            }
        }

        var watcher = RegisterLocked(prefix);
        return (missed.Count > 0 ? new RawWatchChanges(missed, missed[^1].Revision) : null, watcher);
    }

    private (RawWatchEvent Pending, Watcher Watcher) ResetLocked(string prefix) =>
        (new RawWatchReset(RangeCommittedLocked(prefix), _revision), RegisterLocked(prefix));

    private Watcher RegisterLocked(string prefix)
    {
        var watcher = new Watcher(prefix, _watchCapacity);
        _watchers.Add(watcher);
        return watcher;
    }

    private int FirstHistoryIndexAfterLocked(long afterRevision)
    {
        int low = 0, high = _history.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_history[mid].Revision <= afterRevision)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private void NotifyWatchersLocked(IReadOnlyList<RawChange> changes)
    {
        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            var watcher = _watchers[i];
            List<RawChange>? matching = null;
            foreach (var change in changes)
            {
                if (change.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal))
                {
                    (matching ??= []).Add(change);
                }
            }

            if (matching is null)
            {
                continue;
            }

            if (!watcher.Channel.Writer.TryWrite(new RawWatchChanges(matching, matching[^1].Revision)))
            {
                watcher.MarkOverflowedLocked();
                _watchers.RemoveAt(i);
            }
        }
    }
}
