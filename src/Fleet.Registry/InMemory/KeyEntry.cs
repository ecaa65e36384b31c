namespace Fleet.Registry.InMemory;

/// <summary>A live key's value and bookkeeping.</summary>
/// <param name="Value">The value (an immutable record).</param>
/// <param name="CreateRevision">Revision that created the key (since its last delete).</param>
/// <param name="ModRevision">Revision of the last write.</param>
/// <param name="LeaseId">The lease the key is bound to (0: none).</param>
internal sealed record KeyEntry(object Value, long CreateRevision, long ModRevision, long LeaseId);
