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
    public void Validate_XFleetOptions_RequirementsParsedWithSpecifiers()
    {
        var result = Validate("web@1.service",
            ("X-Fleet", "MachineMetadata", "\"region=us\" \"disk=ssd\""),
            ("X-Fleet", "Conflicts", "%p@*.service"),
            ("X-Fleet", "Global", "true"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.True(result.Requirements.Global);
        Assert.Equal(["web@*.service"], result.Requirements.Conflicts);
        Assert.Equal(["us"], result.Requirements.MachineMetadata["region"]);
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
    public void Validate_LineTooLong_Refused()
    {
        var result = Validate("a.service", ("Service", "ExecStart", new string('x', 2048)));

        Assert.Contains(result.Errors, e => e.Contains("line too long (max 2048 bytes)", StringComparison.Ordinal));
    }
}
