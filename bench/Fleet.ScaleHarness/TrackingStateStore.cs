using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.ScaleHarness;

/// <summary>Passes an agent's state writes through to the real store and, once etcd has accepted one, tells the
/// <see cref="LaunchTracker"/> whether the unit now runs there (reached launched and active).</summary>
internal sealed class TrackingStateStore(IUnitStateStore inner, LaunchTracker tracker) : IUnitStateStore
{
    public async ValueTask<bool> TryPublishAsync(IMachineSession session, UnitStateRecord state, CancellationToken cancellationToken)
    {
        var ok = await inner.TryPublishAsync(session, state, cancellationToken);
        if (ok)
        {
            tracker.Report(state.Unit, state.Machine, state.Reached == TargetState.Launched && state.State.ActiveState == "active");
        }

        return ok;
    }

    public async ValueTask RemoveAsync(IMachineSession session, UnitName unit, CancellationToken cancellationToken)
    {
        await inner.RemoveAsync(session, unit, cancellationToken);
        tracker.Report(unit, session.Machine, running: false);
    }

    public ValueTask<Snapshot<UnitStateRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<IReadOnlyList<UnitStateRecord>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken) =>
        inner.ListUnitAsync(unit, cancellationToken);
}
