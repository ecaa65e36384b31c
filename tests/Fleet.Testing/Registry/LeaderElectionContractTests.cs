using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The <see cref="ILeaderElection"/> contract: one leader, waiting candidates, fences, loss.</summary>
public abstract class LeaderElectionContractTests : RegistryContractTests
{
    private ILeaderElection Leaders => Harness.Leaders;

    [Fact]
    public async Task GetLeaderAsync_NobodyCampaigned_ReturnsNull()
    {
        Assert.Null(await Leaders.GetLeaderAsync(Token));
    }

    [Fact]
    public async Task CampaignAsync_NoLeader_ElectedAtOnceWithFenceNamingIt()
    {
        await using var leadership = await WithinDeadlineAsync(
            Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token).AsTask(), "the only candidate's election");

        Assert.Equal(MachineId("engine-1"), leadership.Fence.Leader);
        Assert.False(string.IsNullOrEmpty(leadership.Fence.Key));
        Assert.True(leadership.Fence.Revision > 0, $"fence revision {leadership.Fence.Revision} must be positive");
        Assert.False(leadership.Lost.IsCancellationRequested);
        Assert.Equal(MachineId("engine-1"), await Leaders.GetLeaderAsync(Token));
    }

    [Fact]
    public async Task CampaignAsync_WhileLed_WaitsUntilLeaderResigns()
    {
        var first = await Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);
        var second = Leaders.CampaignAsync(MachineId("engine-2"), Harness.LeaseTtl, Token).AsTask();
        Assert.False(second.IsCompleted, "a second candidate was elected while the first held leadership");
        Assert.Equal(MachineId("engine-1"), await Leaders.GetLeaderAsync(Token));

        await first.DisposeAsync();

        await using var elected = await WithinDeadlineAsync(second, "engine-2's election after engine-1 resigned");
        Assert.Equal(MachineId("engine-2"), elected.Fence.Leader);
        Assert.True(elected.Fence.Revision > first.Fence.Revision, "a new term must have a newer fence");
        Assert.Equal(MachineId("engine-2"), await Leaders.GetLeaderAsync(Token));
    }

    [Fact]
    public async Task ExpireAsync_Leadership_LostCancelledAndWaitingCandidateElected()
    {
        var first = await Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);
        var second = Leaders.CampaignAsync(MachineId("engine-2"), Harness.LeaseTtl, Token).AsTask();

        await Harness.ExpireAsync(first, Token);

        await WaitCancelledAsync("engine-1's Lost token after its lease expired", first.Lost);
        await using var elected = await WithinDeadlineAsync(second, "engine-2's election after engine-1's lease expired");
        Assert.Equal(MachineId("engine-2"), await Leaders.GetLeaderAsync(Token));
        await first.DisposeAsync();
        Assert.False(elected.Lost.IsCancellationRequested, "disposing a lost leadership must not end the next term");
        Assert.Equal(MachineId("engine-2"), await Leaders.GetLeaderAsync(Token));
    }

    [Fact]
    public async Task DisposeAsync_OnlyLeader_LeavesNoLeader()
    {
        var leadership = await Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);

        await leadership.DisposeAsync();

        Assert.Null(await Leaders.GetLeaderAsync(Token));
    }

    [Fact]
    public async Task CampaignAsync_CancelledWhileWaiting_ThrowsAndNeverLeads()
    {
        var first = await Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var waiting = Leaders.CampaignAsync(MachineId("engine-2"), Harness.LeaseTtl, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithinDeadlineAsync(waiting, "the cancelled campaign to end"));
        await first.DisposeAsync();
        await using var third = await WithinDeadlineAsync(
            Leaders.CampaignAsync(MachineId("engine-3"), Harness.LeaseTtl, Token).AsTask(), "engine-3's election");
        Assert.Equal(MachineId("engine-3"), await Leaders.GetLeaderAsync(Token));
    }
}
