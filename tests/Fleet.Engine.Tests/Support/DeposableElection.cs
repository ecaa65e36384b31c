using Fleet.Core.Machines;
using Fleet.Registry;

namespace Fleet.Engine.Tests.Support;

/// <summary>An election decorator whose leaderships can be deposed behind the engine's back: the real
/// lease is revoked (the fence stops holding) while the <see cref="ILeadership.Lost"/> the engine sees
/// stays quiet, as when a lease expires before the engine hears of it. The next write must find out.</summary>
public sealed class DeposableElection(ILeaderElection inner) : ILeaderElection
{
    private readonly Lock _gate = new();
    private readonly List<ILeadership> _granted = [];

    public int Campaigns { get; private set; }

    public IReadOnlyList<ILeadership> Granted
    {
        get { lock (_gate) { return [.. _granted]; } }
    }

    public async ValueTask<ILeadership> CampaignAsync(MachineId candidate, TimeSpan ttl, CancellationToken cancellationToken)
    {
        Campaigns++;
        var leadership = await inner.CampaignAsync(candidate, ttl, cancellationToken);
        lock (_gate)
        {
            _granted.Add(leadership);
        }

        return new Quiet(leadership);
    }

    public ValueTask<MachineId?> GetLeaderAsync(CancellationToken cancellationToken) => inner.GetLeaderAsync(cancellationToken);

    /// <summary>Revokes the latest leadership's lease without telling its holder.</summary>
    public ValueTask DeposeSilentlyAsync() => Granted[^1].DisposeAsync();

    private sealed class Quiet(ILeadership inner) : ILeadership
    {
        public LeaderFence Fence => inner.Fence;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
