using Xunit;

namespace Fleet.Testing.Registry;

/// <summary>Base of the registry contract suites: one fresh harness per test.</summary>
public abstract class RegistryContractTests : IAsyncLifetime
{
    private IRegistryHarness? _harness;

    /// <summary>The registry under test.</summary>
    protected IRegistryHarness Harness => _harness ?? throw new InvalidOperationException("The harness is created in InitializeAsync.");

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>How long a test waits for something that should happen.</summary>
    protected static TimeSpan Deadline => TimeSpan.FromSeconds(10);

    /// <summary>Creates an empty registry for one test.</summary>
    protected abstract ValueTask<IRegistryHarness> CreateHarnessAsync();

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _harness = await CreateHarnessAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Waits until <paramref name="token"/> is cancelled, failing with <paramref name="what"/> after the deadline.</summary>
    protected static async Task WaitCancelledAsync(string what, CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = token.Register(() => cancelled.TrySetResult());
        try
        {
            await cancelled.Task.WaitAsync(Deadline, TimeProvider.System, Token);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Not cancelled within {Deadline.TotalSeconds} s: {what}.");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with <paramref name="what"/> after the deadline.</summary>
    protected static async Task<T> WithinDeadlineAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Deadline, TimeProvider.System, Token);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Did not happen within {Deadline.TotalSeconds} s: {what}.");
            throw;
        }
    }
}
