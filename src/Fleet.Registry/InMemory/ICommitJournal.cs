namespace Fleet.Registry.InMemory;

/// <summary>Receives every committed transaction before it is applied, under the core's lock (the embedded
/// store appends durable changes to its log here).</summary>
internal interface ICommitJournal
{
    /// <summary>Persists <paramref name="changes"/> (one transaction, one revision). Throwing aborts the
    /// transaction: nothing is applied and the caller sees the exception.</summary>
    void Append(IReadOnlyList<RawChange> changes);
}
