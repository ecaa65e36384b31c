using Fleet.Core.Machines;

namespace Fleet.Core.Tests.Machines;

[Trait("Category", "Unit")]
public sealed class MachineIdTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("m1")]
    [InlineData("Host-01.example_A")]
    [InlineData("...")]
    public void TryParse_AllowedCharacters_Accepted(string text)
    {
        Assert.True(MachineId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("m\u00e9")]
    [InlineData("m\n")]
    [InlineData("a:b")]
    public void TryParse_EmptyDotsOrForbiddenCharacter_Rejected(string? text)
    {
        Assert.False(MachineId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void TryParse_LengthLimit_128AcceptedAnd129Rejected()
    {
        Assert.True(MachineId.TryParse(new string('a', 128), out _));
        Assert.False(MachineId.TryParse(new string('a', 129), out _));
    }

    [Fact]
    public void Parse_ForbiddenCharacter_FormatExceptionNamesTheText()
    {
        var error = Assert.Throws<FormatException>(() => MachineId.Parse("bad id"));
        Assert.Contains("'bad id'", error.Message, StringComparison.Ordinal);
    }
}
