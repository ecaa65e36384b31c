namespace Fleet.Agent.Systemd.Tests;

[Trait("Category", "Unit")]
public sealed class SystemdUnitManagerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new SystemdUnitManagerOptionsValidator().Validate(null, new SystemdUnitManagerOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadValues_ReportsEachProblem()
    {
        var options = new SystemdUnitManagerOptions
        {
            BusAddress = "tcp:host=localhost,port=1",
            UnitsDirectory = "relative/units",
            ReconnectMinDelay = TimeSpan.Zero,
            ReconnectMaxDelay = TimeSpan.FromSeconds(-1),
            MaxUnitMatchRules = 600,
            MaxPendingJobs = 0,
            CommandTimeout = TimeSpan.Zero,
        };

        var result = new SystemdUnitManagerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("BusAddress", StringComparison.Ordinal) && f.Contains("tcp:host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("UnitsDirectory", StringComparison.Ordinal) && f.Contains("relative/units", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ReconnectMinDelay must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ReconnectMaxDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxUnitMatchRules must be between 0 and 500 (was 600)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("CommandTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxPendingJobs must be between 1 and 400 (was 0)", StringComparison.Ordinal));
    }

    [Fact]
    public void ResolveBusAddress_ExplicitAddress_WinsOverSystemdUser()
    {
        var options = new SystemdUnitManagerOptions { BusAddress = "unix:path=/x", SystemdUser = true };

        Assert.Equal("unix:path=/x", options.ResolveBusAddress());
    }
}
