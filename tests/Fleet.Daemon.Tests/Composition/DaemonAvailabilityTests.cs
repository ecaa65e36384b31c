using Fleet.Api;
using Fleet.Core.Machines;
using Fleet.Daemon.Composition;
using Fleet.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Daemon.Tests.Composition;

[Trait("Category", "Unit")]
public sealed class DaemonAvailabilityTests
{
    private static readonly MachineId Machine = MachineId.Parse("m1");

    [Fact]
    public void Constructor_BeforeRegistration_ApiUnavailableAndEngineHeld()
    {
        var readiness = new FleetApiReadiness();

        var availability = new DaemonAvailability(readiness, NullLogger<DaemonAvailability>.Instance);

        Assert.False(readiness.IsReady);
        Assert.False(availability.IsAvailable);
        Assert.False(availability.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
    }

    [Fact]
    public async Task OnAvailable_OpensTheApiAndReleasesAWaitingEngine()
    {
        var readiness = new FleetApiReadiness();
        var availability = new DaemonAvailability(readiness, NullLogger<DaemonAvailability>.Instance);
        var waiting = availability.WaitAsync(TestContext.Current.CancellationToken);

        availability.OnAvailable(Machine);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(readiness.IsReady);
        Assert.True(availability.WaitAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task OnUnavailable_AfterAvailable_ClosesBothAgainUntilTheNextOnAvailable()
    {
        var readiness = new FleetApiReadiness();
        var availability = new DaemonAvailability(readiness, NullLogger<DaemonAvailability>.Instance);
        availability.OnAvailable(Machine);

        availability.OnUnavailable(Machine, "the store is unavailable");

        Assert.False(readiness.IsReady);
        var waiting = availability.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        availability.OnAvailable(Machine);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(readiness.IsReady);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsOperationCanceled()
    {
        var availability = new DaemonAvailability(new FleetApiReadiness(), NullLogger<DaemonAvailability>.Instance);
        using var cancel = new CancellationTokenSource();
        var waiting = availability.WaitAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void OnUnavailable_WhileFleetdRuns_IsAWarning()
    {
        var logger = new ListLogger<DaemonAvailability>();
        using var lifetime = new StoppableLifetime();
        var availability = new DaemonAvailability(new FleetApiReadiness(), logger, lifetime);
        availability.OnAvailable(Machine);

        availability.OnUnavailable(Machine, "the store is unavailable: timeout");

        var entry = Assert.Single(logger.Entries, e => e.EventId.Id == 6021);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("the store is unavailable: timeout", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnUnavailable_WhenFleetdIsStopping_IsInformationNotAWarning()
    {
        var logger = new ListLogger<DaemonAvailability>();
        using var lifetime = new StoppableLifetime();
        var readiness = new FleetApiReadiness();
        var availability = new DaemonAvailability(readiness, logger, lifetime);
        availability.OnAvailable(Machine);

        await lifetime.StopAsync();
        availability.OnUnavailable(Machine, "the agent is stopping");

        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        var entry = Assert.Single(logger.Entries, e => e.EventId.Id == 6022);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("fleetd is stopping: machine m1 leaves the cluster (the agent is stopping); the API answers 503", entry.Message);
        Assert.False(readiness.IsReady);
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public Task StopAsync() => _stopping.CancelAsync();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
