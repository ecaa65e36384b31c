using Fleet.Registry;
using Xunit;

namespace Fleet.Testing.Registry;

/// <summary>Starts <see cref="WatchProbe{TKey, TValue}"/>s.</summary>
public static class WatchProbe
{
    /// <summary>Starts a watch (the store sees it at the first read).</summary>
    public static WatchProbe<TKey, TValue> Start<TKey, TValue>(
        Func<CancellationToken, IAsyncEnumerable<WatchEvent<TKey, TValue>>> watch,
        CancellationToken cancellationToken,
        TimeSpan? deadline = null)
        where TValue : class =>
        new(watch, deadline ?? TimeSpan.FromSeconds(10), cancellationToken);
}

/// <summary>Reads a watch event by event with a deadline, failing with a message that names what did not happen.</summary>
/// <typeparam name="TKey">Watch key type.</typeparam>
/// <typeparam name="TValue">Watch value type.</typeparam>
public sealed class WatchProbe<TKey, TValue> : IAsyncDisposable
    where TValue : class
{
    private readonly CancellationTokenSource _stop;
    private readonly IAsyncEnumerator<WatchEvent<TKey, TValue>> _events;
    private readonly Queue<Change<TKey, TValue>> _buffered = new();
    private readonly TimeSpan _deadline;

    internal WatchProbe(Func<CancellationToken, IAsyncEnumerable<WatchEvent<TKey, TValue>>> watch, TimeSpan deadline, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _events = watch(_stop.Token).GetAsyncEnumerator(_stop.Token);
        _deadline = deadline;
    }

    /// <summary>The next event as the store yields it (changes and resets alike).</summary>
    /// <param name="expectation">What the test waits for, for the failure message.</param>
    public async Task<WatchEvent<TKey, TValue>> NextEventAsync(string expectation)
    {
        Assert.True(_buffered.Count == 0, $"Expected {expectation}, but {_buffered.Count} change(s) of an earlier event were not read yet: {string.Join(", ", _buffered)}.");
        bool moved;
        try
        {
            moved = await _events.MoveNextAsync().AsTask().WaitAsync(_deadline, TimeProvider.System, _stop.Token);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No watch event within {_deadline.TotalSeconds} s: expected {expectation}.");
            throw;
        }

        Assert.True(moved, $"The watch ended while waiting for {expectation}.");
        return _events.Current;
    }

    /// <summary>The next single change (events with several changes are split); a reset fails the test.</summary>
    public async Task<Change<TKey, TValue>> NextChangeAsync(string expectation)
    {
        if (_buffered.Count == 0)
        {
            var next = await NextEventAsync(expectation);
            if (next is not WatchChanges<TKey, TValue> changes)
            {
                Assert.Fail($"Expected {expectation} but got {next}.");
                throw new InvalidOperationException();
            }

            Assert.NotEmpty(changes.Changes);
            Assert.Equal(changes.Changes[^1].Revision, changes.Revision);
            foreach (var change in changes.Changes)
            {
                _buffered.Enqueue(change);
            }
        }

        return _buffered.Dequeue();
    }

    /// <summary>Stops the watch.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _events.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how a watch ends.
        }

        _stop.Dispose();
    }
}
