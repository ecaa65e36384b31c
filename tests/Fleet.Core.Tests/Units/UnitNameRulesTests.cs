using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitNameRulesTests
{
    public static TheoryData<string?, string> Invalid => new()
    {
        { null, "unit name cannot be empty" },
        { "", "unit name cannot be empty" },
        { new string('a', 249) + ".service", "unit name exceeds maximum length (256)" },
        { new string('é', 125) + ".service", "unit name exceeds maximum length (256)" },
        { "foo", "unit name must contain \".\"" },
        { "foo.", "unit name cannot end in \".\"" },
        { "foo.x", "invalid unit type: \"x\"" },
        { "foo.Service", "invalid unit type: \"Service\"" },
        { "foo.service/", "invalid unit type: \"service/\"" },
        { "foo.ser\"vice", "invalid unit type: \"ser\\\"vice\"" },
        { "a@b.mount", "invalid unit type for template: \"mount\"" },
        { "a@.device", "invalid unit type for template: \"device\"" },
        { "foo!.service", "invalid character '!' in unit name" },
        { "a/b.service", "invalid character '/' in unit name" },
        { "../etc.service", "invalid character '/' in unit name" },
        { "a b.service", "invalid character ' ' in unit name" },
        { "a\0b.service", "invalid character '\\x00' in unit name" },
        { "a\nb.service", "invalid character '\\n' in unit name" },
        { "a\u007fb.service", "invalid character '\\x7f' in unit name" },
        { "é.service", "invalid character 'é' in unit name" },
        { "a\u00a0.service", "invalid character '\\u00a0' in unit name" },
        { "a'.service", "invalid character '\\'' in unit name" },
        { "@foo.service", "unit name cannot start in \"@\"" },
        { "@.service", "unit name cannot start in \"@\"" },
        { ".service", "unit name has nothing before the type \".service\"" },
        { "a\\b.service", "invalid backslash in unit name: a backslash may only start a systemd \"\\xNN\" escape (it is a path separator on some systems)" },
        { "a\\x2.service", "invalid backslash in unit name: a backslash may only start a systemd \"\\xNN\" escape (it is a path separator on some systems)" },
        { "a\\.service", "invalid backslash in unit name: a backslash may only start a systemd \"\\xNN\" escape (it is a path separator on some systems)" },
        { "a\\x2d\\.service", "invalid backslash in unit name: a backslash may only start a systemd \"\\xNN\" escape (it is a path separator on some systems)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BrokenRule_ReturnsFleetMessage(string? name, string expected) =>
        Assert.Equal(expected, UnitNameRules.Validate(name));

    [Theory]
    [InlineData("hello.service")]
    [InlineData("hello@.service")]
    [InlineData("hello@1.service")]
    [InlineData("a@b@c.socket")]
    [InlineData("x@.path")]
    [InlineData("x@y.target")]
    [InlineData("x@y.timer")]
    [InlineData("A-Z_0:9.automount")]
    [InlineData("..service")]
    [InlineData("a.b.c.busname")]
    [InlineData("dev-sda.device")]
    [InlineData("mnt.mount")]
    [InlineData("s.scope")]
    [InlineData("s.slice")]
    [InlineData("s.snapshot")]
    [InlineData("s.swap")]
    [InlineData("mnt-my\\x2ddisk.mount")]
    [InlineData("a\\x2D\\x5cb.service")]
    public void Validate_ValidName_ReturnsNull(string name) => Assert.Null(UnitNameRules.Validate(name));

    [Fact]
    public void Validate_ExactlyMaxLength_IsValid() =>
        Assert.Null(UnitNameRules.Validate(new string('a', 248) + ".service"));

    [Fact]
    public void Validate_SeveralProblems_ReportsFleetsFirst() =>
        Assert.Equal("invalid unit type: \"x\"", UnitNameRules.Validate("@a!.x"));
}
