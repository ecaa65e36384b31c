namespace Fleet.Registry.InMemory;

/// <summary>One committed change of one key in the registry core.</summary>
/// <param name="Kind">Put or delete.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The new value for a put; null for a delete.</param>
/// <param name="Revision">The revision of the transaction that made the change.</param>
/// <param name="LeaseId">The lease the key is bound to after a put (0: none).</param>
internal sealed record RawChange(ChangeKind Kind, string Key, object? Value, long Revision, long LeaseId);
