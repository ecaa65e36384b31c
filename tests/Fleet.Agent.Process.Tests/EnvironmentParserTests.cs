using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class EnvironmentParserTests
{
    [Fact]
    public void TryParseAssignments_QuotedAssignments_KeepSpaces()
    {
        Assert.True(EnvironmentParser.TryParseAssignments("A=1 \"B=two words\" 'C=x y' D=", out var assignments, out _));

        Assert.Equal([new("A", "1"), new("B", "two words"), new("C", "x y"), new("D", "")], assignments);
    }

    [Theory]
    [InlineData("NOEQUALS")]
    [InlineData("1BAD=x")]
    [InlineData("=x")]
    public void TryParseAssignments_NotAnAssignment_IsAnError(string value)
    {
        Assert.False(EnvironmentParser.TryParseAssignments(value, out _, out var error));

        Assert.Contains("is not a NAME=value assignment", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_ShellLikeFile_ParsesEveryForm()
    {
        var text = "# comment\n; other comment\n\nPLAIN=value  \nexport EXPORTED=yes\nDOUBLE=\"a \\\"quoted\\\" $x\"\nSINGLE='it''s'\nMULTI=\"line1\nline2\"\nCONT=abc\\\ndef\n  SPACED = padded\n";

        EnvironmentParser.ParseFile(text, "/env", out var assignments, out var errors);

        Assert.Empty(errors);
        Assert.Equal(
            [
                new("PLAIN", "value"), new("EXPORTED", "yes"), new("DOUBLE", "a \"quoted\" $x"), new("SINGLE", "its"),
                new("MULTI", "line1\nline2"), new("CONT", "abcdef"), new("SPACED", "padded"),
            ],
            assignments);
    }

    [Fact]
    public void ParseFile_BadLines_NameFileAndLine()
    {
        EnvironmentParser.ParseFile("GOOD=1\nbad line\n", "/etc/app.env", out var assignments, out var errors);

        Assert.Equal([new("GOOD", "1")], assignments);
        Assert.Equal("/etc/app.env:2: 'bad line' is not a NAME=value assignment", Assert.Single(errors));
    }
}
