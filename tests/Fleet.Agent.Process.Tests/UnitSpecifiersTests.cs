using Fleet.Agent.Process.Definitions;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class UnitSpecifiersTests
{
    [Theory]
    [InlineData("web@8080.service", "%n|%N|%p|%i|%%", "web@8080.service|web@8080|web|8080|%")]
    [InlineData("plain.service", "%n|%N|%p|%i", "plain.service|plain|plain|")]
    [InlineData("mnt@var-lib.service", "%I|%f", "var/lib|/var/lib")]
    public void Expand_NameSpecifiers_FollowSystemd(string name, string text, string expected)
    {
        var unknown = new SortedSet<string>();

        Assert.Equal(expected, UnitSpecifiers.Expand(text, UnitName.Parse(name), unknown));
        Assert.Empty(unknown);
    }

    [Fact]
    public void Expand_UnknownSpecifier_IsKeptAndReported()
    {
        var unknown = new SortedSet<string>();

        Assert.Equal("%u-x", UnitSpecifiers.Expand("%u-x", UnitName.Parse("a.service"), unknown));
        Assert.Equal(["%u"], unknown);
    }
}
