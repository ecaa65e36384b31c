using Fleet.Engine.Configuration;

namespace Fleet.Engine.Tests.Configuration;

[Trait("Category", "Unit")]
public sealed class EngineOptionsValidatorTests
{
    [Fact]
    public void Defaults_MatchFleet_LeaseIsFiveIntervals()
    {
        var options = new EngineOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.ReconcileInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaseTtl);
        Assert.False(options.DisableEngine);
        Assert.True(new EngineOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void LeaseTtl_FollowsTheInterval()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), new EngineOptions { ReconcileInterval = TimeSpan.FromMilliseconds(500) }.LeaseTtl);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var options = new EngineOptions
        {
            ReconcileInterval = TimeSpan.FromMilliseconds(5),
            MinRetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.FromSeconds(-1),
        };

        var result = new EngineOptionsValidator().Validate(null, options);

        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("engine_reconcile_interval", StringComparison.Ordinal) && f.Contains("00:00:00.0050000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Engine:MinRetryDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Engine:MaxRetryDelay", StringComparison.Ordinal));
    }
}
