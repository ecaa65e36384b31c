using Fleet.Agent.Configuration;

namespace Fleet.Agent.Tests.Configuration;

[Trait("Category", "Unit")]
public sealed class AgentOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Defaults_MatchFleet()
    {
        var options = new AgentOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.AgentTtl);
        Assert.Equal("/run/fleet/units/", options.UnitsDirectory);
        Assert.False(options.DisableWatches);
        Assert.True(options.PurgeOnStop);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var options = new AgentOptions
        {
            AgentTtl = TimeSpan.FromMilliseconds(10),
            UnitsDirectory = "relative/units",
            PollInterval = TimeSpan.Zero,
            MinRetryDelay = TimeSpan.FromSeconds(-1),
            MaxRetryDelay = TimeSpan.FromSeconds(-2),
        };

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.Contains("agent_ttl", StringComparison.Ordinal) && f.Contains("00:00:00.0100000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("units_directory", StringComparison.Ordinal) && f.Contains("relative/units", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agent:MinRetryDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agent:MaxRetryDelay", StringComparison.Ordinal));
    }
}
