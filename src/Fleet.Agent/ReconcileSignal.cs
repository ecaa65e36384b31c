using System.Threading.Channels;

namespace Fleet.Agent;

/// <summary>A coalescing wake-up: any number of <see cref="Set"/> calls while the worker is busy produce
/// one more pass. Bounded (one slot), so bursts of events never queue up.</summary>
internal sealed class ReconcileSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Requests a pass.</summary>
    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a request, or until <paramref name="timeout"/> (when given) elapses.</summary>
    public async Task WaitAsync(TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout is not { } delay)
        {
            await _channel.Reader.ReadAsync(cancellationToken);
            return;
        }

        using var timer = new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout elapsed: a retry is due.
        }
    }
}
