using Fleet.Api;
using Fleet.Core.Machines;
using Fleet.Daemon.Composition;
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
}
