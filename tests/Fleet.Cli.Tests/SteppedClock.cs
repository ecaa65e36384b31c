using Microsoft.Extensions.Time.Testing;

namespace Fleet.Cli.Tests;

/// <summary>A fake clock that tells when code under test starts waiting, so the test advances it exactly
/// when a timer is pending (no real sleeping, no races).</summary>
public sealed class SteppedClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new();
    private readonly SemaphoreSlim _timerCreated = new(0);
    private readonly DateTimeOffset _start;

    public SteppedClock() => _start = _fake.GetUtcNow();

    public TimeSpan Elapsed => _fake.GetUtcNow() - _start;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timerCreated.Release();
        return timer;
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        var run = action();
        while (!run.IsCompleted)
        {
            var created = _timerCreated.WaitAsync(TestContext.Current.CancellationToken);
            if (await Task.WhenAny(run, created) == created)
            {
                _fake.Advance(TimeSpan.FromMilliseconds(250));
            }
        }

        return await run;
    }
}
