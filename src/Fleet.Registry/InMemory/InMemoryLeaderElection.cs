using Fleet.Core.Machines;

namespace Fleet.Registry.InMemory;

/// <summary><see cref="ILeaderElection"/> on the registry core: one leased <c>leader</c> key, candidates
/// served first come, first served.</summary>
/// <remarks>The queue is only touched inside core transactions, so it shares the core's lock.</remarks>
internal sealed class InMemoryLeaderElection : ILeaderElection
{
    private readonly RegistryCore _core;
    private readonly LinkedList<Candidate> _queue = new();

    public InMemoryLeaderElection(RegistryCore core)
    {
        _core = core;
        _core.Committed += OnCommitted;
    }

    public async ValueTask<ILeadership> CampaignAsync(MachineId candidate, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var me = new Candidate();
        LinkedListNode<Candidate>? node = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lease = _core.Transact(
                tx =>
                {
                    node ??= _queue.AddLast(me);
                    me.Wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_queue.First != node || tx.Get(RegistryKeys.Leader) is not null)
                    {
                        return 0L;
                    }

                    _queue.RemoveFirst();
                    var leaseId = tx.GrantLease(ttl);
                    tx.Put(RegistryKeys.Leader, candidate, leaseId);
                    return leaseId;
                },
                out var revision);
            if (lease != 0)
            {
                return new InMemoryLeadership(_core, lease, ttl, new LeaderFence(RegistryKeys.Leader, revision, candidate));
            }

            try
            {
                await me.Wake.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _core.Transact(_ =>
                {
                    _queue.Remove(node!); // set by the first transaction
                    return WakeHeadLocked();
                });
                throw;
            }
        }
    }

    public ValueTask<MachineId?> GetLeaderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_core.Transact(tx => tx.Get(RegistryKeys.Leader)?.Value is MachineId leader ? leader : (MachineId?)null));
    }

    private void OnCommitted(IReadOnlyList<RawChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Kind == ChangeKind.Delete && change.Key == RegistryKeys.Leader)
            {
                _core.Transact(_ => WakeHeadLocked());
                return;
            }
        }
    }

    private bool WakeHeadLocked() => _queue.First?.Value.Wake.TrySetResult() ?? false;

    private sealed class Candidate
    {
        public TaskCompletionSource Wake { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
