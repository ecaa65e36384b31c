using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>Unit file bodies by hash, read from the store once. Bodies are immutable per hash, so a cached
/// body never goes stale; <see cref="Retain"/> (full pass) and
/// <see cref="Forget"/> (incremental pass) drop bodies no longer scheduled here.</summary>
/// <remarks>Used by the reconcile worker only; not thread-safe.</remarks>
internal sealed class UnitFileCache(IUnitStore store)
{
    private readonly Dictionary<UnitHash, UnitFile> _files = [];

    /// <summary>Returns the body, reading it from the store if needed.</summary>
    /// <returns>The body, or <see langword="null"/> when the store has none with that hash.</returns>
    /// <exception cref="RegistryUnavailableException">The store could not be reached.</exception>
    public async ValueTask<UnitFile?> GetAsync(UnitHash hash, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var file = await store.GetFileAsync(hash, cancellationToken);
        if (file is not null)
        {
            _files[hash] = file;
        }

        return file;
    }

    /// <summary>Keeps only the bodies of <paramref name="hashes"/>.</summary>
    public void Retain(IReadOnlySet<UnitHash> hashes)
    {
        foreach (var hash in _files.Keys.Where(h => !hashes.Contains(h)).ToList())
        {
            _files.Remove(hash);
        }
    }

    /// <summary>Drops the bodies of <paramref name="hashes"/> (no longer scheduled here).</summary>
    public void Forget(IEnumerable<UnitHash> hashes)
    {
        foreach (var hash in hashes)
        {
            _files.Remove(hash);
        }
    }

    /// <summary>Number of cached bodies.</summary>
    public int Count => _files.Count;
}
