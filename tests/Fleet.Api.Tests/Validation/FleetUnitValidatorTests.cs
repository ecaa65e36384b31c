using Fleet.Api.Validation;
using Fleet.Core.Units;

namespace Fleet.Api.Tests.Validation;

[Trait("Category", "Unit")]
public sealed class FleetUnitValidatorTests
{
    private static UnitValidationResult Validate(string name, params (string Section, string Name, string Value)[] options) =>
        new FleetUnitValidator().Validate(UnitName.Parse(name), UnitFile.FromOptions(options.Select(o => new UnitOption(o.Section, o.Name, o.Value))));

    [Fact]
    public void Validate_PlainService_ValidWithoutRequirements()
    {
        var result = Validate("a.service", ("Service", "ExecStart", "/bin/true"));

        Assert.True(result.IsValid);
        Assert.Equal(UnitRequirements.None, result.Requirements);
    }

    [Fact]
    public void Validate_XFleetOptions_ParsedWithSpecifiersAndQuotes()
    {
        var result = Validate("web@1.service",
            ("X-Fleet", "MachineMetadata", "\"region=us\" \"disk=ssd\""),
            ("X-Fleet", "MachineMetadata", "region=eu"),
            ("X-Fleet", "Conflicts", "%p@*.service other.service"),
            ("X-Fleet", "Global", "false"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["web@*.service", "other.service"], result.Requirements.Conflicts);
        Assert.Equal(["us", "eu"], result.Requirements.MachineMetadata["region"]);
        Assert.Equal(["ssd"], result.Requirements.MachineMetadata["disk"]);
        Assert.False(result.Requirements.Global);
    }

    [Fact]
    public void Validate_GlobalTruthyAndMachineIdFallbacks_Parsed()
    {
        var global = Validate("g.service", ("X-Fleet", "Global", "no"), ("X-Fleet", "Global", "YES"));
        var machine = Validate("m.service", ("X-Fleet", "X-ConditionMachineID", "abc"));

        Assert.True(global.Requirements.Global);
        Assert.Equal("abc", machine.Requirements.MachineId);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var result = Validate("a.service",
            ("X-Fleet", "MachineID", "m1"),
            ("X-Fleet", "MachineOf", "b.service"),
            ("X-Fleet", "Conflicts", "b.*"),
            ("X-Fleet", "Global", "true"));

        Assert.Equal(
            [
                "unresolvable requirements: peer \"b.service\" matches conflict \"b.*\"",
                "MachineID cannot be used with Peers",
                "MachineID cannot be used with Conflicts",
                "MachineID cannot be used with Global",
                "Global cannot be used with Peers",
            ],
            result.Errors);
    }

    [Fact]
    public void Validate_ReplacesCombinations_Refused()
    {
        var result = Validate("a.service", ("X-Fleet", "Replaces", "b.service"), ("X-Fleet", "Conflicts", "c.service"), ("X-Fleet", "MachineOf", "b.service"));

        Assert.Contains("unresolvable requirements: peer \"b.service\" matches replace \"b.service\"", result.Errors);
        Assert.Contains("Conflicts cannot be used with Replaces", result.Errors);
    }

    [Fact]
    public void Validate_GlobalWithConflictsAndMetadata_Allowed() =>
        Assert.True(Validate("a.service", ("X-Fleet", "Global", "true"), ("X-Fleet", "Conflicts", "b.service"), ("X-Fleet", "MachineMetadata", "a=b")).IsValid);

    [Fact]
    public void Validate_LineTooLong_NamesTheOption()
    {
        var result = Validate("a.service", ("Service", "ExecStart", new string('x', 2048)));

        Assert.Equal(["option 1 ([Service] ExecStart): line too long (max 2048 bytes)"], result.Errors);
    }

    [Fact]
    public void Validate_LineJustUnderLimit_Accepted() =>
        Assert.True(Validate("a.service", ("Service", "ExecStart", new string('x', 2047 - "ExecStart=".Length))).IsValid);

    [Fact]
    public void Validate_MalformedNames_Reported()
    {
        var result = Validate("a.service", ("Ser]vice", "Exec=Start", "x"), ("Service", "", "y"));

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("option 1 ([Ser]vice] Exec=Start): invalid section name \"Ser]vice\"", result.Errors);
    }
}
