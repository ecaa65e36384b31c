namespace Fleet.ScaleHarness.Tests;

[Trait("Category", "Unit")]
public sealed class HarnessArgumentsTests
{
    private static HarnessArguments ParseOk(params string[] args)
    {
        var parsed = HarnessArguments.Parse(args, out var error);
        Assert.True(parsed is not null, $"refused {string.Join(' ', args)}: {error}");
        Assert.Null(error);
        return parsed;
    }

    private static string ParseError(params string[] args)
    {
        var parsed = HarnessArguments.Parse(args, out var error);
        Assert.Null(parsed);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Parse_OnlyRequiredOptions_TakesTheDocumentedDefaults()
    {
        var parsed = ParseOk("--machines", "100", "--units", "1000");

        Assert.Equal(100, parsed.Machines);
        Assert.Equal(1000, parsed.Units);
        Assert.Null(parsed.JsonFile);
        Assert.Equal(TimeSpan.FromSeconds(900), parsed.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(20), parsed.Idle);
        Assert.Equal(HarnessArguments.AllScenarios.Order(), parsed.Scenarios.Order());
        Assert.Equal(1, parsed.AgentsPerConnection);
        Assert.Equal(100, parsed.ChurnRate);
        Assert.Equal(TimeSpan.FromSeconds(10), parsed.ChurnSeconds);
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.ChurnWarmup);
        Assert.Equal(16, parsed.SubmitParallelism);
        Assert.False(parsed.Preload);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(999, 1)]
    [InlineData(1000, 1)]
    [InlineData(2999, 2)]
    [InlineData(10000, 10)]
    public void Parse_NoAgentsPerConnection_DefaultsToOnePerThousandMachines(int machines, int expected)
    {
        var parsed = ParseOk("--machines", machines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--units", "1");

        Assert.Equal(expected, parsed.AgentsPerConnection);
    }

    [Fact]
    public void Parse_EveryOption_SetsItsField()
    {
        var parsed = ParseOk(
            "--machines", "3", "--units", "10", "--json", "/tmp/out.json", "--scenario", "idle,churn", "--timeout", "60",
            "--idle", "2", "--agents-per-connection", "4", "--churn-rate", "50", "--churn-seconds", "7", "--churn-warmup", "0",
            "--submit-parallelism", "8", "--preload");

        Assert.Equal(
            new HarnessArguments(3, 10, "/tmp/out.json", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), parsed.Scenarios, 4, 50,
                TimeSpan.FromSeconds(7), 8, true, TimeSpan.Zero),
            parsed);
        Assert.Equal(["bulk", "churn", "idle"], parsed.Scenarios.Order());
    }

    [Fact]
    public void Parse_OptionsInAnyOrder_SameResult()
    {
        var a = ParseOk("--preload", "--units", "10", "--machines", "3", "--idle", "4");
        var b = ParseOk("--machines", "3", "--idle", "4", "--units", "10", "--preload");

        Assert.Equal((a.Machines, a.Units, a.Idle, a.Preload), (b.Machines, b.Units, b.Idle, b.Preload));
    }

    [Theory]
    [InlineData("bulk", new[] { "bulk" })]
    [InlineData("idle", new[] { "bulk", "idle" })]
    [InlineData("failover,loss", new[] { "bulk", "failover", "loss" })]
    [InlineData(" global , idle ", new[] { "bulk", "global", "idle" })]
    [InlineData("all", new[] { "bulk", "churn", "failover", "global", "idle", "loss" })]
    public void Parse_Scenario_AlwaysIncludesBulk(string value, string[] expected)
    {
        var parsed = ParseOk("--machines", "1", "--units", "1", "--scenario", value);

        Assert.Equal(expected, parsed.Scenarios.Order());
    }

    [Fact]
    public void Parse_UnknownScenario_NamesItAndTheKnownOnes()
    {
        var error = ParseError("--machines", "1", "--units", "1", "--scenario", "bulk,restart");

        Assert.StartsWith("--scenario: unknown scenario 'restart' (known: all, bulk, idle, churn, global, failover, loss)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--machines", "0")]
    [InlineData("--machines", "-3")]
    [InlineData("--machines", "ten")]
    [InlineData("--units", "1.5")]
    [InlineData("--units", "99999999999")]
    [InlineData("--timeout", "0")]
    [InlineData("--idle", "0")]
    [InlineData("--agents-per-connection", "0")]
    [InlineData("--churn-rate", "0")]
    [InlineData("--churn-seconds", "+5")]
    [InlineData("--submit-parallelism", "0")]
    public void Parse_NotAPositiveInteger_NamesTheOptionAndTheValue(string option, string value)
    {
        string[] args = ["--machines", "1", "--units", "1", option, value];

        var error = ParseError(args);

        Assert.Equal($"{option}: '{value}' is not a positive integer", error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    public void Parse_ChurnWarmupNotANonNegativeInteger_NamesTheOptionAndTheValue(string value)
    {
        var error = ParseError("--machines", "1", "--units", "1", "--churn-warmup", value);

        Assert.Equal($"--churn-warmup: '{value}' is not a non-negative integer", error);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--machine")]
    [InlineData("machines")]
    [InlineData("-m")]
    public void Parse_UnknownOption_IsRefusedByName(string option)
    {
        var error = ParseError("--machines", "1", "--units", "1", option, "5");

        Assert.StartsWith($"unknown option '{option}'\nusage: Fleet.ScaleHarness", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOptionLast_IsRefusedAsUnknownNotAsMissingAValue()
    {
        var error = ParseError("--machines", "1", "--units", "1", "--verbose");

        Assert.StartsWith("unknown option '--verbose'\n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--machines")]
    [InlineData("--scenario")]
    public void Parse_ValueMissingAtTheEnd_NamesTheOption(string option)
    {
        var error = ParseError("--units", "1", "--machines", "1", option);

        Assert.StartsWith($"{option}: missing value\nusage:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--preload")]
    [InlineData("--idle")]
    public void Parse_AnotherOptionWhereAValueBelongs_IsAMissingValue(string next)
    {
        var error = ParseError("--machines", "1", "--units", "1", "--json", next, "5");

        Assert.StartsWith("--json: missing value\n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--units", "1")]
    [InlineData("--machines", "1")]
    [InlineData]
    public void Parse_MachinesOrUnitsMissing_SaysBothAreRequired(params string[] args)
    {
        var error = ParseError(args);

        Assert.StartsWith("--machines and --units are required\nusage:", error, StringComparison.Ordinal);
    }
}
