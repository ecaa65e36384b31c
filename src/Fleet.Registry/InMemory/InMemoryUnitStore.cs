using Fleet.Core.Units;

namespace Fleet.Registry.InMemory;

/// <summary><see cref="IUnitStore"/> on the registry core: records under <c>units/</c>, bodies under <c>bodies/</c>.</summary>
internal sealed class InMemoryUnitStore(RegistryCore core) : IUnitStore
{
    public ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = core.Transact(tx => tx.Range(RegistryKeys.Units).Select(i => (UnitRecord)i.Value.Value).ToList(), out var revision);
        return ValueTask.FromResult(new Snapshot<UnitRecord>(items, revision));
    }

    public ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(core.Transact(tx => tx.GetValue<UnitRecord>(RegistryKeys.Unit(name))));
    }

    public ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(core.Transact(tx => tx.GetValue<UnitFile>(RegistryKeys.Body(hash))));
    }

    public ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(file);
        cancellationToken.ThrowIfCancellationRequested();
        if (record.Hash != file.Hash)
        {
            throw new ArgumentException(
                $"Unit '{record.Name}' names hash {record.Hash} but its file hashes to {file.Hash}.", nameof(record));
        }

        core.Transact(
            tx =>
            {
                var previous = tx.GetValue<UnitRecord>(RegistryKeys.Unit(record.Name));
                var bodyKey = RegistryKeys.Body(file.Hash);
                if (tx.Get(bodyKey) is null)
                {
                    tx.Put(bodyKey, file);
                }

                tx.Put(RegistryKeys.Unit(record.Name), record);
                if (previous is not null && previous.Hash != record.Hash)
                {
                    CollectBody(tx, previous.Hash);
                }

                return 0;
            },
            out var revision);
        return ValueTask.FromResult(revision);
    }

    public ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(core.Transact(tx =>
        {
            var previous = tx.GetValue<UnitRecord>(RegistryKeys.Unit(name));
            if (previous is null)
            {
                return false;
            }

            tx.Put(RegistryKeys.Unit(name), previous with { TargetState = state });
            return true;
        }));
    }

    public ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(core.Transact(tx =>
        {
            var previous = tx.GetValue<UnitRecord>(RegistryKeys.Unit(name));
            if (previous is null)
            {
                return false;
            }

            tx.Delete(RegistryKeys.Unit(name));
            CollectBody(tx, previous.Hash);
            return true;
        }));
    }

    public IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        WatchMapping.MapAsync<UnitName, UnitRecord>(
            core.WatchAsync(RegistryKeys.Units, afterRevision, cancellationToken),
            key => UnitName.Parse(key[RegistryKeys.Units.Length..]),
            value => (UnitRecord)value,
            cancellationToken);

    /// <summary>Deletes the body of <paramref name="hash"/> when no unit references it any more.</summary>
    private static void CollectBody(CoreTransaction tx, UnitHash hash)
    {
        if (!tx.Range(RegistryKeys.Units).Any(i => ((UnitRecord)i.Value.Value).Hash == hash))
        {
            tx.Delete(RegistryKeys.Body(hash));
        }
    }
}
