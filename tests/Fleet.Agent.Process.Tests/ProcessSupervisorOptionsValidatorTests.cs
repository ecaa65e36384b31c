namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class ProcessSupervisorOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new ProcessSupervisorOptionsValidator().Validate(null, new ProcessSupervisorOptions()).Succeeded);

    [Fact]
    public void Validate_EveryProblem_IsReportedAtOnce()
    {
        var options = new ProcessSupervisorOptions
        {
            UnitsDirectory = "relative/units",
            StateDirectory = "",
            LogFileSize = 10,
            LogFileCount = 0,
            HousekeepingInterval = TimeSpan.Zero,
            JournalFollowInterval = TimeSpan.FromSeconds(-1),
            StatusLogLines = -1,
            ShutdownMode = (SupervisorShutdownMode)7,
        };

        var result = new ProcessSupervisorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(8, result.Failures!.Count());
        Assert.Contains("UnitsDirectory must be an absolute path (was 'relative/units').", result.Failures!);
        Assert.Contains("StateDirectory must be set.", result.Failures!);
    }

    [Fact]
    public void Validate_SameDirectories_Fail()
    {
        var options = new ProcessSupervisorOptions { UnitsDirectory = "/x/", StateDirectory = "/x" };

        var result = new ProcessSupervisorOptionsValidator().Validate(null, options);

        Assert.Contains("must differ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ProcessSupervisorOptions { LogFileCount = 0 });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new ProcessSupervisor(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcessSupervisor>.Instance));

        Assert.Contains("LogFileCount", error.Message, StringComparison.Ordinal);
    }
}
