using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitRequirementsParserTests
{
    private static UnitRequirementsParseResult Parse(string xfleet, string name = "foo@bar.service") =>
        UnitRequirementsParser.Parse(UnitName.Parse(name), UnitFileParser.Parse("[Service]\nExecStart=/bin/true\n[X-Fleet]\n" + xfleet).File!);

    [Fact]
    public void Parse_NoXFleetSection_IsNone()
    {
        var result = UnitRequirementsParser.Parse(UnitName.Parse("a.service"), UnitFileParser.Parse("[Service]\nExecStart=/bin/true\n").File!);

        Assert.Equal(UnitRequirements.None, result.Requirements);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_EveryKey_ReadsRequirements()
    {
        var result = Parse("MachineOf=db.service\nMachineMetadata=region=us\nGlobal=false\n");

        Assert.Equal(["db.service"], result.Requirements.MachineOf);
        Assert.Equal(["us"], result.Requirements.MachineMetadata["region"]);
        Assert.False(result.Requirements.Global);
        Assert.Null(result.Requirements.MachineId);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Parse_QuotedMultiValue_IsSplitOnSpacesOutsideQuotes()
    {
        var result = Parse("MachineMetadata=\"region=us east\" \"disk=ssd\"\nMachineMetadata=region=eu\n");

        Assert.Equal(["us east", "eu"], result.Requirements.MachineMetadata["region"]);
        Assert.Equal(["ssd"], result.Requirements.MachineMetadata["disk"]);
    }

    [Theory]
    [InlineData("\"a\" \"b\"", new[] { "a", "b" })]
    [InlineData("\"a b\"", new[] { "a b" })]
    [InlineData("\"bar", new[] { "\"bar" })]
    [InlineData("bar\"", new[] { "bar\"" })]
    [InlineData("a b", new[] { "a b" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("\"", new[] { "" })]
    [InlineData("\"a\"  \"b\"", new[] { "a", "", "b" })]
    [InlineData("\"x=\"y z\"\"", new[] { "x=y", "z" })]
    public void SplitMultiValue_Value_FollowsFleet(string value, string[] expected) =>
        Assert.Equal(expected, XFleetValues.SplitMultiValue(value));

    [Theory]
    [InlineData("foo@bar.service", "%n|%N|%p|%i|100%", "foo@bar.service|foo@bar|foo|bar|100%")]
    [InlineData("foo.service", "%n|%N|%p|%i", "foo.service|foo|foo|")]
    [InlineData("a.b@c.d.socket", "x-%p-%i", "x-a.b-c.d")]
    public void ExpandSpecifiers_Value_UsesTheUnitName(string name, string value, string expected) =>
        Assert.Equal(expected, XFleetValues.ExpandSpecifiers(value, UnitName.Parse(name)));

    [Fact]
    public void Parse_Specifiers_ExpandedInXFleetValuesOnly()
    {
        var file = UnitFileParser.Parse("[Unit]\nDescription=%i\n[X-Fleet]\nConflicts=%p@*.service\nMachineMetadata=role=%i\n").File!;

        var result = UnitRequirementsParser.Parse(UnitName.Parse("web@blue.service"), file);

        Assert.Equal(["web@*.service"], result.Requirements.Conflicts);
        Assert.Equal(["blue"], result.Requirements.MachineMetadata["role"]);
        Assert.Equal("%i", file.Description);
    }

    [Fact]
    public void Parse_RepeatedAndDeprecatedKeys_Accumulate()
    {
        var result = Parse(
            "MachineOf=b.service\nX-ConditionMachineOf=a.service\nMachineOf=c.service\nMachineOf=b.service\n" +
            "Conflicts=x.service y.service\nX-Conflicts=w.service\nConflicts=\"z.service\" \"x.service\"\n" +
            "Replaces=old.service\nReplaces=older.service\n" +
            "X-ConditionMachineMetadata=a=1\nMachineMetadata=a=2\nMachineMetadata=a=1\n");

        Assert.Equal(["a.service", "b.service", "c.service"], result.Requirements.MachineOf);
        Assert.Equal(["w.service", "x.service", "y.service", "z.service"], result.Requirements.Conflicts);
        Assert.Equal(["old.service", "older.service"], result.Requirements.Replaces);
        Assert.Equal(["1", "2"], result.Requirements.MachineMetadata["a"]);
    }

    [Fact]
    public void Parse_ConflictsWithTabsAndSpaces_SplitOnWhitespace()
    {
        var result = Parse("Conflicts=  a.service\tb*.service   c.service \n");

        Assert.Equal(["a.service", "b*.service", "c.service"], result.Requirements.Conflicts);
    }

    [Fact]
    public void Parse_MachineOfAndReplaces_NotSplitOnWhitespace()
    {
        var result = Parse("MachineOf=a.service b.service\n");

        Assert.Equal(["a.service b.service"], result.Requirements.MachineOf);
    }

    [Theory]
    [InlineData("MachineID=m1\nX-ConditionMachineID=m2\nX-ConditionMachineBootID=m3\n", "m1")]
    [InlineData("X-ConditionMachineBootID=m3\nX-ConditionMachineID=m2\n", "m2")]
    [InlineData("X-ConditionMachineBootID=m3\n", "m3")]
    [InlineData("MachineID=\nX-ConditionMachineID=m2\n", "m2")]
    [InlineData("MachineID=%p\n", "foo")]
    public void Parse_MachineId_FollowsPrecedence(string xfleet, string expected) =>
        Assert.Equal(expected, Parse(xfleet).Requirements.MachineId);

    [Fact]
    public void Parse_SeveralMachineIds_FirstWinsWithWarning()
    {
        var result = Parse("MachineID=\"m1\" \"m2\"\n");

        Assert.Equal("m1", result.Requirements.MachineId);
        Assert.Equal(["MachineID has 2 values in [X-Fleet] section; only the first (\"m1\") is used"], result.Warnings);
    }

    [Theory]
    [InlineData("Global=true\n", true)]
    [InlineData("Global=TRUE\n", true)]
    [InlineData("Global=Yes\n", true)]
    [InlineData("Global=1\n", true)]
    [InlineData("Global=on\n", true)]
    [InlineData("Global=T\n", true)]
    [InlineData("Global=false\n", false)]
    [InlineData("Global=true\nGlobal=no\n", false)]
    [InlineData("Global=0\nGlobal=on\n", true)]
    [InlineData("Global=\"true\" \"off\"\n", false)]
    public void Parse_Global_LastValueWins(string xfleet, bool expected)
    {
        var result = Parse(xfleet);

        Assert.Equal(expected, result.Requirements.Global);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Parse_GlobalNotABoolean_IsFalseWithWarning()
    {
        var result = Parse("Global=maybe\n");

        Assert.False(result.Requirements.Global);
        Assert.Equal(["Global value \"maybe\" in [X-Fleet] section is not true, yes, 1, on or t; the unit is not global"], result.Warnings);
    }

    [Fact]
    public void Parse_UnknownKeys_WarnOncePerKeyInOrder()
    {
        var result = Parse("Weight=2\nMachineOf=a.service\nFoo=1\nWeight=3\n");

        Assert.Equal(
            ["unrecognized requirement in [X-Fleet] section: \"Weight\"", "unrecognized requirement in [X-Fleet] section: \"Foo\""],
            result.Warnings);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("MachineMetadata=region\n", "region")]
    [InlineData("MachineMetadata=a=b=c\n", "a=b=c")]
    [InlineData("MachineMetadata==b\n", "=b")]
    [InlineData("MachineMetadata=a=\n", "a=")]
    [InlineData("MachineMetadata=\n", "")]
    public void Parse_MalformedMetadata_IgnoredWithWarning(string xfleet, string value)
    {
        var result = Parse(xfleet);

        Assert.Empty(result.Requirements.MachineMetadata);
        Assert.Equal([$"ignoring MachineMetadata value \"{value}\" in [X-Fleet] section: expected key=value"], result.Warnings);
    }

    [Fact]
    public void Parse_EmptyPeerAndReplace_IgnoredWithWarning()
    {
        var result = Parse("MachineOf=%i\nReplaces=\n", name: "plain.service");

        Assert.Empty(result.Requirements.MachineOf);
        Assert.Empty(result.Requirements.Replaces);
        Assert.Equal(
            ["ignoring empty MachineOf value in [X-Fleet] section", "ignoring empty Replaces value in [X-Fleet] section"],
            result.Warnings);
    }

    [Theory]
    [InlineData("MachineID=m1\nMachineOf=a.service\n", "MachineID cannot be used with Peers")]
    [InlineData("MachineID=m1\nConflicts=a.service\n", "MachineID cannot be used with Conflicts")]
    [InlineData("MachineID=m1\nGlobal=true\n", "MachineID cannot be used with Global")]
    [InlineData("MachineID=m1\nReplaces=a.service\n", "MachineID cannot be used with Replaces")]
    [InlineData("X-ConditionMachineBootID=m1\nMachineOf=a.service\n", "MachineID cannot be used with Peers")]
    [InlineData("Global=true\nMachineOf=a.service\n", "Global cannot be used with Peers")]
    [InlineData("Global=true\nReplaces=a.service\n", "Global cannot be used with Replaces")]
    [InlineData("Conflicts=a.service\nReplaces=b.service\n", "Conflicts cannot be used with Replaces")]
    [InlineData("X-Conflicts=a.service\nReplaces=b.service\n", "Conflicts cannot be used with Replaces")]
    [InlineData("MachineOf=db@1.service\nConflicts=db@*.service\n", "unresolvable requirements: peer \"db@1.service\" matches conflict \"db@*.service\"")]
    [InlineData("MachineOf=db.service\nReplaces=d?.service\n", "unresolvable requirements: peer \"db.service\" matches replace \"d?.service\"")]
    public void Parse_ForbiddenCombination_ReportsFleetMessage(string xfleet, string expected)
    {
        var result = Parse(xfleet);

        Assert.Equal([expected], result.Errors);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("Global=true\nMachineMetadata=a=b\n")]
    [InlineData("Global=true\nConflicts=x.service\n")]
    [InlineData("MachineOf=a.service\nMachineMetadata=a=b\n")]
    [InlineData("MachineOf=a.service\nConflicts=b*.service\n")]
    [InlineData("MachineID=m1\nMachineMetadata=a=b\n")]
    [InlineData("MachineOf=a.service\nReplaces=b.service\n")]
    [InlineData("MachineOf=a.service\nConflicts=[a.service\n")]
    public void Parse_AllowedCombination_HasNoErrors(string xfleet) => Assert.Empty(Parse(xfleet).Errors);

    [Fact]
    public void Parse_ManyProblems_ReportsAllInFleetOrder()
    {
        var result = Parse(
            "MachineID=m1\nMachineOf=%p@1.service\nConflicts=%p@*.service\nReplaces=*\nGlobal=yes\nBogus=1\n");

        Assert.Equal(
            [
                "unresolvable requirements: peer \"foo@1.service\" matches conflict \"foo@*.service\"",
                "unresolvable requirements: peer \"foo@1.service\" matches replace \"*\"",
                "MachineID cannot be used with Peers",
                "MachineID cannot be used with Conflicts",
                "MachineID cannot be used with Global",
                "MachineID cannot be used with Replaces",
                "Global cannot be used with Peers",
                "Global cannot be used with Replaces",
                "Conflicts cannot be used with Replaces",
            ],
            result.Errors);
        Assert.Equal(["unrecognized requirement in [X-Fleet] section: \"Bogus\""], result.Warnings);
    }
}
