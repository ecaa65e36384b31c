using Fleet.Core.Units;

namespace Fleet.Registry.InMemory;

/// <summary><see cref="IUnitStateStore"/> on the registry core: <c>states/&lt;unit&gt;/&lt;machine&gt;</c>,
/// bound to the reporting machine's presence lease.</summary>
internal sealed class InMemoryUnitStateStore(RegistryCore core) : IUnitStateStore
{
    public ValueTask<bool> TryPublishAsync(IMachineSession session, UnitStateRecord state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = Own(session);
        if (state.Machine != own.Machine)
        {
            throw new ArgumentException(
                $"The session of machine '{own.Machine}' cannot publish the state of unit '{state.Unit}' on machine '{state.Machine}'.",
                nameof(state));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(core.Transact(tx =>
        {
            if (!tx.LeaseAlive(own.LeaseId))
            {
                return false;
            }

            tx.Put(RegistryKeys.UnitState(state.Unit, state.Machine), state, own.LeaseId);
            return true;
        }));
    }

    public ValueTask RemoveAsync(IMachineSession session, UnitName unit, CancellationToken cancellationToken)
    {
        var own = Own(session);
        cancellationToken.ThrowIfCancellationRequested();
        core.Transact(tx => tx.Delete(RegistryKeys.UnitState(unit, own.Machine)));
        return ValueTask.CompletedTask;
    }

    public ValueTask<Snapshot<UnitStateRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = core.Transact(
            tx => tx.Range(RegistryKeys.States).Select(i => (UnitStateRecord)i.Value.Value).OrderBy(s => s.Unit).ThenBy(s => s.Machine).ToList(),
            out var revision);
        return ValueTask.FromResult(new Snapshot<UnitStateRecord>(items, revision));
    }

    public ValueTask<IReadOnlyList<UnitStateRecord>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<UnitStateRecord> items = core.Transact(tx =>
            tx.Range(RegistryKeys.UnitStates(unit)).Select(i => (UnitStateRecord)i.Value.Value).OrderBy(s => s.Machine).ToList());
        return ValueTask.FromResult(items);
    }

    private InMemoryMachineSession Own(IMachineSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session is InMemoryMachineSession own && ReferenceEquals(own.Core, core)
            ? own
            : throw new ArgumentException($"The session of machine '{session.Machine}' was not registered with this registry.", nameof(session));
    }
}
