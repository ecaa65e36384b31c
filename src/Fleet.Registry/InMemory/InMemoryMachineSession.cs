using Fleet.Core.Machines;

namespace Fleet.Registry.InMemory;

/// <summary>A machine's presence on the registry core, kept alive every third of its TTL.</summary>
internal sealed class InMemoryMachineSession : IMachineSession
{
    private readonly RegistryCore _core;
    private readonly LeaseKeepAlive _keepAlive;

    public InMemoryMachineSession(RegistryCore core, MachineId machine, long leaseId, TimeSpan ttl)
    {
        _core = core;
        Machine = machine;
        LeaseId = leaseId;
        Ttl = ttl;
        Lost = core.LeaseLost(leaseId);
        _keepAlive = new LeaseKeepAlive(core, leaseId, ttl);
    }

    public MachineId Machine { get; }

    public CancellationToken Lost { get; }

    /// <summary>The lease that the presence and the machine's unit states are bound to.</summary>
    internal long LeaseId { get; }

    /// <summary>The lease's TTL.</summary>
    internal TimeSpan Ttl { get; }

    /// <summary>The core this session lives in.</summary>
    internal RegistryCore Core => _core;

    public ValueTask<bool> TryUpdateAsync(MachineState machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (machine.Id != Machine)
        {
            throw new ArgumentException($"The session of machine '{Machine}' cannot announce machine '{machine.Id}'.", nameof(machine));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_core.Transact(tx =>
        {
            var key = RegistryKeys.Machine(Machine);
            if (!tx.LeaseAlive(LeaseId) || tx.Get(key) is not { Value: MachinePresence current })
            {
                return false;
            }

            var updated = MachinePresence.Of(machine, tx);
            if (updated.Announced != current.Announced || !updated.SameEffectiveState(current))
            {
                tx.Put(key, updated, LeaseId);
            }

            return true;
        }));
    }

    /// <summary>Stops the keep-alives, as a hung process would: the lease then expires after its TTL.</summary>
    internal void StopKeepAlive() => _keepAlive.Dispose();

    public ValueTask DisposeAsync()
    {
        _keepAlive.Dispose();
        _core.Revoke(LeaseId);
        return ValueTask.CompletedTask;
    }
}
