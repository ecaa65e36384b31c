using Fleet.Core.Machines;

namespace Fleet.Registry.InMemory;

/// <summary><see cref="IMachineStore"/> on the registry core: leased presence under <c>machines/</c>,
/// durable dynamic metadata under <c>metadata/</c>.</summary>
/// <remarks>A presence value carries the effective state, rewritten (under the same lease) whenever the
/// machine's dynamic metadata changes, so a watch put is always complete.</remarks>
internal sealed class InMemoryMachineStore(RegistryCore core) : IMachineStore
{
    public ValueTask<IMachineSession?> TryRegisterAsync(MachineState machine, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var lease = core.Transact(tx =>
        {
            var key = RegistryKeys.Machine(machine.Id);
            if (tx.Get(key) is not null)
            {
                return 0L;
            }

            var leaseId = tx.GrantLease(ttl);
            tx.Put(key, MachinePresence.Of(machine, tx), leaseId);
            return leaseId;
        });
        IMachineSession? session = lease == 0 ? null : new InMemoryMachineSession(core, machine.Id, lease, ttl);
        return ValueTask.FromResult(session);
    }

    public ValueTask<Snapshot<MachineState>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = core.Transact(
            tx => tx.Range(RegistryKeys.Machines).Select(i => ((MachinePresence)i.Value.Value).Effective).OrderBy(m => m.Id).ToList(),
            out var revision);
        return ValueTask.FromResult(new Snapshot<MachineState>(items, revision));
    }

    public IAsyncEnumerable<WatchEvent<MachineId, MachineState>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        WatchMapping.MapAsync<MachineId, MachineState>(
            core.WatchAsync(RegistryKeys.Machines, afterRevision, cancellationToken),
            key => MachineId.Parse(key[RegistryKeys.Machines.Length..]),
            value => ((MachinePresence)value).Effective,
            cancellationToken);

    public ValueTask SetMetadataAsync(MachineId machine, string key, string? value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' of machine '{machine}' must not contain '/'.", nameof(key));
        }

        cancellationToken.ThrowIfCancellationRequested();
        core.Transact(tx =>
        {
            tx.Put(RegistryKeys.MachineMetadata(machine) + key, value ?? string.Empty);
            var presenceKey = RegistryKeys.Machine(machine);
            var current = tx.Get(presenceKey);
            if (current is { Value: MachinePresence presence })
            {
                var updated = MachinePresence.Of(presence.Announced, tx);
                if (!updated.SameEffectiveState(presence))
                {
                    tx.Put(presenceKey, updated, current.LeaseId);
                }
            }

            return 0;
        });
        return ValueTask.CompletedTask;
    }
}
