namespace Fleet.Agent.Systemd.Tests;

[Trait("Category", "Unit")]
public sealed class PendingJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_AtTheLimit_WaitsUntilAJobIsRemoved()
    {
        using var jobs = new PendingJobs(2);
        await jobs.EnterAsync("a.service", Ct);
        await jobs.EnterAsync("b.service", Ct);

        var third = jobs.EnterAsync("c.service", Ct);
        Assert.False(third.IsCompleted);
        jobs.Removed("other.service"); // not ours: no permit back
        Assert.False(third.IsCompleted);
        jobs.Removed("a.service");

        await third.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(2, jobs.Count);
    }

    [Fact]
    public async Task Removed_MergedRequestsForOneUnit_GivesBackEveryPermit()
    {
        using var jobs = new PendingJobs(2);
        await jobs.EnterAsync("a.service", Ct);
        await jobs.EnterAsync("a.service", Ct);

        jobs.Removed("a.service");

        Assert.Equal(0, jobs.Count);
        await jobs.EnterAsync("b.service", Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await jobs.EnterAsync("c.service", Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task Failed_GivesBackOnePermitOnly()
    {
        using var jobs = new PendingJobs(2);
        await jobs.EnterAsync("a.service", Ct);
        await jobs.EnterAsync("a.service", Ct);

        jobs.Failed("a.service");

        Assert.Equal(1, jobs.Count);
        jobs.Failed("a.service");
        jobs.Failed("a.service"); // nothing left: must not over-release
        Assert.Equal(0, jobs.Count);
        await jobs.EnterAsync("b.service", Ct);
        await jobs.EnterAsync("c.service", Ct);
        Assert.False(jobs.EnterAsync("d.service", Ct).IsCompleted);
    }

    [Fact]
    public async Task Reset_GivesBackEveryPermitAndLaterRemovalsAreIgnored()
    {
        using var jobs = new PendingJobs(2);
        await jobs.EnterAsync("a.service", Ct);
        await jobs.EnterAsync("b.service", Ct);

        jobs.Reset();
        jobs.Removed("a.service");
        jobs.Failed("b.service");

        Assert.Equal(0, jobs.Count);
        await jobs.EnterAsync("c.service", Ct);
        await jobs.EnterAsync("d.service", Ct);
        Assert.False(jobs.EnterAsync("e.service", Ct).IsCompleted);
    }
}
