namespace Fleet.Engine.Tests.Support;

/// <summary>An engine start gate the test opens by hand.</summary>
public sealed class ManualGate : IEngineStartGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Waits => Volatile.Read(ref _waits);

    private int _waits;

    public void Open() => _open.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        return _open.Task.WaitAsync(cancellationToken);
    }
}
