using System.Collections.Immutable;
using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class ExecLineParserTests
{
    [Theory]
    [InlineData("/bin/echo a b", "/bin/echo", new[] { "a", "b" })]
    [InlineData("/bin/sh -c 'echo \"hi there\"'", "/bin/sh", new[] { "-c", "echo \"hi there\"" })]
    [InlineData("/bin/echo \"two words\" x", "/bin/echo", new[] { "two words", "x" })]
    [InlineData("/bin/echo a\"b c\"d", "/bin/echo", new[] { "ab cd" })]
    [InlineData("/bin/echo tab\\there \\x41 \\101 \\s", "/bin/echo", new[] { "tab\there", "A", "A", " " })]
    [InlineData("/bin/echo \"\"", "/bin/echo", new[] { "" })]
    [InlineData("/bin/echo one \\\n two", "/bin/echo", new[] { "one", "two" })]
    public void TryParse_QuotingAndEscapes_SplitLikeSystemd(string line, string path, string[] args)
    {
        Assert.True(ExecLineParser.TryParse(line, out var commands, out _, out var error), error);

        var command = Assert.Single(commands);
        Assert.Equal(path, command.Path);
        Assert.Equal(args, command.Arguments);
    }

    [Fact]
    public void TryParse_Prefixes_AreRecognised()
    {
        Assert.True(ExecLineParser.TryParse("-:+/bin/false x", out var commands, out _, out _));

        var command = Assert.Single(commands);
        Assert.Equal("/bin/false", command.Path);
        Assert.True(command.IgnoreFailure);
        Assert.True(command.NoExpansion);
        Assert.True(command.FullPrivileges);
    }

    [Fact]
    public void TryParse_LoneSemicolon_SeparatesCommands()
    {
        Assert.True(ExecLineParser.TryParse("/bin/echo a ; /bin/echo b \\; c", out var commands, out _, out _));

        Assert.Equal(2, commands.Count);
        Assert.Equal(["b", ";", "c"], commands[1].Arguments);
    }

    [Theory]
    [InlineData("/bin/echo 'unterminated", "unbalanced quotes")]
    [InlineData("/bin/echo trailing\\", "trailing backslash")]
    [InlineData("/bin/echo \\q", "invalid escape")]
    [InlineData("- x", "empty executable")]
    public void TryParse_BadLine_SaysWhatIsWrong(string line, string expected)
    {
        Assert.False(ExecLineParser.TryParse(line, out _, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandArguments_BracedAndWholeWordVariables_FollowSystemdRules()
    {
        Assert.True(ExecLineParser.TryParse("/bin/echo ${A} x${A}y $B $$A $A-suffix ${UNSET}", out var commands, out _, out _));
        var environment = new Dictionary<string, string> { ["A"] = "a b", ["B"] = " one  two " };

        var args = ExecLineParser.ExpandArguments(commands[0], environment);

        Assert.Equal(["a b", "xa by", "one", "two", "$A", "$A-suffix", ""], args);
    }

    [Fact]
    public void ExpandArguments_ColonPrefix_LeavesVariablesAlone()
    {
        Assert.True(ExecLineParser.TryParse(":/bin/echo ${A}", out var commands, out _, out _));

        Assert.Equal(["${A}"], ExecLineParser.ExpandArguments(commands[0], ImmutableDictionary<string, string>.Empty.Add("A", "x")));
    }
}
