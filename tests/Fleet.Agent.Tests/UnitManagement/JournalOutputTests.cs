using Fleet.Agent.UnitManagement;

namespace Fleet.Agent.Tests.UnitManagement;

public sealed class JournalOutputTests
{
    [Theory]
    [InlineData("short")]
    [InlineData("cat")]
    [InlineData("json")]
    [InlineData("json-pretty")]
    [InlineData("verbose")]
    [InlineData("short-iso-precise")]
    [InlineData("with-unit")]
    public void TryParse_JournalctlMode_KeepsItsName(string mode)
    {
        Assert.True(JournalOutput.TryParse(mode, out var output, out var problem));
        Assert.Null(problem);
        Assert.Equal(mode, output.Mode);
        Assert.Equal(mode, output.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_Missing_IsShort(string? text)
    {
        Assert.True(JournalOutput.TryParse(text, out var output, out _));
        Assert.Equal(JournalOutput.Short, output);
    }

    [Theory]
    [InlineData("JSON")]
    [InlineData("jsonish")]
    [InlineData(" short")]
    [InlineData("short;rm -rf /")]
    public void TryParse_UnknownMode_RefusesAndNamesItAndTheValidModes(string text)
    {
        Assert.False(JournalOutput.TryParse(text, out _, out var problem));
        Assert.Equal($"invalid output mode \"{text}\": expected one of short, short-precise, short-iso, short-iso-precise, short-full, short-monotonic, short-unix, verbose, export, json, json-pretty, json-sse, json-seq, cat, with-unit", problem);
    }

    [Fact]
    public void Default_IsShort()
    {
        Assert.Equal("short", default(JournalOutput).Mode);
        Assert.Equal(JournalOutput.Short, default);
        Assert.True(JournalOutput.TryParse("short", out var parsed, out _));
        Assert.Equal(default, parsed);
        Assert.True(JournalOutput.TryParse("json", out var json, out _));
        Assert.Equal(JournalOutput.Json, json);
        Assert.NotEqual(JournalOutput.Cat, json);
    }
}
