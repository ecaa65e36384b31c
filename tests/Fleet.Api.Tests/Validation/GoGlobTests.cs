using Fleet.Api.Validation;

namespace Fleet.Api.Tests.Validation;

[Trait("Category", "Unit")]
public sealed class GoGlobTests
{
    [Theory]
    [InlineData("*.service", "a.service", true)]
    [InlineData("a*", "a/b", false)]
    [InlineData("foo@*.service", "foo@1.service", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[^a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("[a-", "a", false)]
    [InlineData("exact.service", "exact.service", true)]
    [InlineData("exact.service", "exact.service2", false)]
    public void IsMatch_Patterns_BehaveAsGoPathMatch(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GoGlob.IsMatch(pattern, name));
}
