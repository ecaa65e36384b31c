using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.Testing.Agent;

namespace Fleet.Agent.Tests.Support;

/// <summary>A <see cref="FakeUnitManager"/> under the test's control: the start of one chosen unit can be
/// held until the test releases it (to act while the agent is in the middle of a pass), and state change
/// notifications can be limited to those the test reports (so that no notification of earlier work is
/// still on its way when the test starts counting what the agent looks at).</summary>
public sealed class ControlledUnitManager(FakeUnitManager inner, bool forwardStateChanges = true) : IUnitManager
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<IReadOnlyCollection<UnitName>> _reported = Channel.CreateUnbounded<IReadOnlyCollection<UnitName>>();
    private UnitName? _held;

    /// <summary>Completes when the held start has begun (the agent is inside its pass).</summary>
    public Task Entered => _entered.Task;

    /// <summary>Holds the next start of <paramref name="name"/> until <see cref="Release"/>.</summary>
    public void HoldStartOf(UnitName name) => _held = name;

    /// <summary>Lets the held start go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Notifies the agent that these units' states changed (only without forwarding).</summary>
    public void ReportStateChange(params UnitName[] names) =>
        Assert.True(_reported.Writer.TryWrite(names), "the notification channel is unbounded");

    public async ValueTask StartAsync(UnitName name, CancellationToken cancellationToken)
    {
        if (name == _held)
        {
            _held = null;
            _entered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        await inner.StartAsync(name, cancellationToken);
    }

    public ValueTask LoadAsync(UnitName name, UnitFile file, CancellationToken cancellationToken) => inner.LoadAsync(name, file, cancellationToken);

    public ValueTask UnloadAsync(UnitName name, CancellationToken cancellationToken) => inner.UnloadAsync(name, cancellationToken);

    public ValueTask ReloadAsync(CancellationToken cancellationToken) => inner.ReloadAsync(cancellationToken);

    public ValueTask StopAsync(UnitName name, CancellationToken cancellationToken) => inner.StopAsync(name, cancellationToken);

    public ValueTask<IReadOnlyDictionary<UnitName, UnitHash>> ListLoadedAsync(CancellationToken cancellationToken) => inner.ListLoadedAsync(cancellationToken);

    public ValueTask<IReadOnlyDictionary<UnitName, UnitState>> GetStatesAsync(IReadOnlyCollection<UnitName> names, CancellationToken cancellationToken) =>
        inner.GetStatesAsync(names, cancellationToken);

    public IAsyncEnumerable<IReadOnlyCollection<UnitName>> WatchStateChangesAsync(CancellationToken cancellationToken) =>
        forwardStateChanges ? inner.WatchStateChangesAsync(cancellationToken) : ReportedAsync(cancellationToken);

    private async IAsyncEnumerable<IReadOnlyCollection<UnitName>> ReportedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            yield return await _reported.Reader.ReadAsync(cancellationToken);
        }
    }
}
