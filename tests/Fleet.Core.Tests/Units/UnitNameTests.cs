using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitNameTests
{
    [Theory]
    [InlineData("foo.service", "service", "foo", "foo", "", false, false, null)]
    [InlineData("foo@.service", "service", "foo@", "foo", "", true, false, null)]
    [InlineData("foo@bar.socket", "socket", "foo@bar", "foo", "bar", false, true, "foo@.socket")]
    [InlineData("a.b@c.d.timer", "timer", "a.b@c.d", "a.b", "c.d", false, true, "a.b@.timer")]
    [InlineData("a@b@c.service", "service", "a@b@c", "a", "b@c", false, true, "a@.service")]
    public void Parse_Name_ExposesFleetsNameParts(
        string text, string type, string stem, string prefix, string instance, bool isTemplate, bool isInstance, string? template)
    {
        var name = UnitName.Parse(text);

        Assert.Equal(text, name.Value);
        Assert.Equal(type, name.UnitType);
        Assert.Equal(stem, name.NameWithoutType);
        Assert.Equal(prefix, name.Prefix);
        Assert.Equal(instance, name.Instance);
        Assert.Equal(isTemplate, name.IsTemplate);
        Assert.Equal(isInstance, name.IsInstance);
        Assert.Equal(template, name.Template?.Value);
    }

    [Fact]
    public void Parse_Invalid_ThrowsWithFleetMessage()
    {
        var ex = Assert.Throws<FormatException>(() => UnitName.Parse("foo.bar"));

        Assert.Equal("invalid unit type: \"bar\"", ex.Message);
    }

    [Fact]
    public void TryParse_Invalid_GivesError()
    {
        Assert.False(UnitName.TryParse("foo", out _, out var error));
        Assert.Equal("unit name must contain \".\"", error);
    }

    [Fact]
    public void CompareTo_Names_AreOrdinal()
    {
        Assert.True(UnitName.Parse("B.service") < UnitName.Parse("a.service"));
        Assert.True(UnitName.Parse("a.service") >= UnitName.Parse("a.service"));
    }
}
