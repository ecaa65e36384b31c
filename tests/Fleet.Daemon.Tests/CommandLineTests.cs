namespace Fleet.Daemon.Tests;

[Trait("Category", "Unit")]
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "-config", "/x.conf" }, "/x.conf")]
    [InlineData(new[] { "--config", "/x.conf" }, "/x.conf")]
    [InlineData(new[] { "-config=/x.conf" }, "/x.conf")]
    [InlineData(new string[0], null)]
    public void Parse_ConfigForms_GiveThePath(string[] args, string? expected)
    {
        var line = CommandLine.Parse(args, "fleetd");

        Assert.Null(line.Error);
        Assert.Equal(expected, line.ConfigPath);
        Assert.False(line.ShowVersion);
    }

    [Theory]
    [InlineData("-version")]
    [InlineData("--version")]
    [InlineData("version")]
    public void Parse_VersionForms_AskForTheVersion(string arg) => Assert.True(CommandLine.Parse([arg], "fleetd").ShowVersion);

    [Fact]
    public void Parse_PositionalArgument_SuggestsFleetctl() =>
        Assert.Equal("fleetd takes no arguments. Did you mean to invoke fleetctl instead?", CommandLine.Parse(["start", "x"], "fleetd").Error);

    [Fact]
    public void Parse_UnknownFlag_NamesIt() =>
        Assert.Equal("flag provided but not defined: -agent_ttl", CommandLine.Parse(["-agent_ttl=3s"], "fleetd").Error);

    [Fact]
    public void Parse_ConfigWithoutValue_IsAnError() =>
        Assert.Equal("flag needs an argument: -config", CommandLine.Parse(["-config"], "fleetd").Error);
}
