using Fleet.Core.Units;

namespace Fleet.Registry;

/// <summary>Unit states per (unit, machine), bound to the reporting machine's session: they vanish with it.</summary>
/// <remarks>Agents write only when a state changes. Throws <see cref="RegistryUnavailableException"/> when
/// the store cannot be reached.</remarks>
public interface IUnitStateStore
{
    /// <summary>Writes this machine's state for one unit, bound to <paramref name="session"/>.</summary>
    /// <returns><see langword="false"/> when the session was lost.</returns>
    ValueTask<bool> TryPublishAsync(IMachineSession session, UnitStateRecord state, CancellationToken cancellationToken);

    /// <summary>Removes this machine's state for one unit (other machines' states of the unit stay).</summary>
    ValueTask RemoveAsync(IMachineSession session, UnitName unit, CancellationToken cancellationToken);

    /// <summary>Reads every state, ordered by unit name then machine ID.</summary>
    ValueTask<Snapshot<UnitStateRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads one unit's states on every machine, ordered by machine ID.</summary>
    ValueTask<IReadOnlyList<UnitStateRecord>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken);
}
