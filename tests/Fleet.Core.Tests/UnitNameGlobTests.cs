using Fleet.Core.Units;

namespace Fleet.Core.Tests;

[Trait("Category", "Unit")]
public sealed class UnitNameGlobTests
{
    // Go's path.Match table (src/path/match_test.go), which fleet's globMatches delegates to; a
    // malformed pattern (Go's ErrBadPattern) must match nothing.
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ab/c", false)]
    [InlineData("a*/b", "abc/b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abc", false)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a[^a]b", "a☺b", true)]
    [InlineData("a???b", "a☺b", false)]
    [InlineData("a[^a][^a][^a]b", "a☺b", false)]
    [InlineData("[a-ζ]*", "α", true)]
    [InlineData("*[a-ζ]", "A", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[x\\-]", "x", true)]
    [InlineData("[x\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("[\\-x]", "x", true)]
    [InlineData("[\\-x]", "-", true)]
    [InlineData("[\\-x]", "a", false)]
    [InlineData("*x", "xxx", true)]
    [InlineData("hello@*.service", "hello@1.service", true)]
    [InlineData("hello@*.service", "hello.service", false)]
    [InlineData("web-[0-9].service", "web-7.service", true)]
    [InlineData("web-[0-9].service", "web-a.service", false)]
    [InlineData("*.service", "a.socket", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void IsMatch_GoPathMatchTable_MatchesLikeGo(string pattern, string name, bool expected) =>
        Assert.Equal(expected, UnitNameGlob.IsMatch(pattern, name));

    [Theory]
    [InlineData("[]a]", "]")]
    [InlineData("[-]", "-")]
    [InlineData("[x-]", "x")]
    [InlineData("[x-]", "-")]
    [InlineData("[-x]", "x")]
    [InlineData("[-x]", "-")]
    [InlineData("\\", "a")]
    [InlineData("[a-b-c]", "a")]
    [InlineData("[", "a")]
    [InlineData("[^", "a")]
    [InlineData("[^bc", "a")]
    [InlineData("a[", "a")]
    [InlineData("a[", "ab")]
    [InlineData("a/b[", "x")]
    [InlineData("a*[", "abc")]
    [InlineData("*\\", "abc")]
    [InlineData("abc[", "abc")]
    public void IsMatch_MalformedPattern_MatchesNothing(string pattern, string name)
    {
        Assert.False(UnitNameGlob.IsWellFormed(pattern));
        Assert.False(UnitNameGlob.IsMatch(pattern, name));
    }

    [Theory]
    [InlineData("web.service", true)]
    [InlineData("web-*.service", false)]
    [InlineData("web?.service", false)]
    [InlineData("web[12].service", false)]
    [InlineData("web\\.service", false)]
    public void IsLiteral_Pattern_TellsWhetherItHasGlobSyntax(string pattern, bool expected) =>
        Assert.Equal(expected, UnitNameGlob.IsLiteral(pattern));

    [Fact]
    public void IsMatch_NullArgument_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => UnitNameGlob.IsMatch(null!, "a"));
        Assert.Throws<ArgumentNullException>(() => UnitNameGlob.IsMatch("a", null!));
    }
}
