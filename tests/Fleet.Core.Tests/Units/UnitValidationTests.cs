using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitValidationTests
{
    private static readonly UnitName Name = UnitName.Parse("web@1.service");

    private static UnitValidationReport Validate(params UnitOption[] options) =>
        UnitValidation.Validate(Name, UnitFile.FromOptions(options));

    [Fact]
    public void Validate_GoodUnit_IsValidWithRequirements()
    {
        var file = UnitFileParser.Parse("[Service]\nExecStart=/bin/a \\\n  b\n[X-Fleet]\nConflicts=%p@*.service\n").File!;

        var result = UnitValidation.Validate(Name, file);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal(["web@*.service"], result.Requirements.Conflicts);
    }

    [Fact]
    public void Validate_LongOption_NamesTheOption()
    {
        var result = Validate(new UnitOption("Service", "ExecStart", new string('x', 2100)));

        Assert.Equal(["option [Service] ExecStart: line too long (max 2048 bytes)"], result.Errors);
    }

    [Fact]
    public void Validate_LongContinuationLine_NamesTheOption()
    {
        var result = Validate(new UnitOption("Service", "ExecStart", "a \\\n" + new string('x', 2100)));

        Assert.Equal(["option [Service] ExecStart: line too long (max 2048 bytes)"], result.Errors);
    }

    [Theory]
    [InlineData("Ser]vice", "ExecStart", "x", "option [Ser]vice] ExecStart: found garbage after section name Ser: \"vice]\"")]
    [InlineData("Ser\nvice", "ExecStart", "x", "option [Ser\nvice] ExecStart: unable to find end of section")]
    [InlineData("Service", "Exec\nStart", "x", "option [Service] Exec\nStart: unexpected newline encountered while parsing option name")]
    [InlineData("Service", "ExecStart", "a\nb", "option [Service] ExecStart: unexpected newline encountered while parsing option name")]
    [InlineData("Service", "Exec=Start", "x", "option [Service] Exec=Start: does not survive serialisation; it reads back as [Service] Exec")]
    [InlineData("Service", "#ExecStart", "x", "option [Service] #ExecStart: does not survive serialisation; it reads back as nothing")]
    [InlineData("Service", "[ExecStart", "x", "option [Service] [ExecStart: unable to find end of section")]
    public void Validate_OptionThatBreaksTheFile_IsAnError(string section, string name, string value, string expected) =>
        Assert.Equal([expected], Validate(new UnitOption(section, name, value)).Errors);

    [Fact]
    public void Validate_ValueWithSurroundingSpace_IsAWarning()
    {
        var result = Validate(new UnitOption("Service", "ExecStart", " /bin/true "));

        Assert.True(result.IsValid);
        Assert.Equal(["option [Service] ExecStart: reads back as \"ExecStart\"=\"/bin/true\" once serialised"], result.Warnings);
    }

    [Fact]
    public void Validate_BackslashBeforeAnotherOption_IsAnError()
    {
        var result = Validate(
            new UnitOption("Service", "ExecStart", "/bin/a \\"),
            new UnitOption("Unit", "Description", "d"),
            new UnitOption("Service", "Restart", "always"));

        Assert.Equal(
            ["option [Service] ExecStart: value ends in a backslash, which would continue it onto the next option (Restart) once serialised"],
            result.Errors);
    }

    [Fact]
    public void Validate_BackslashAtEndOfSection_IsAWarning()
    {
        var result = Validate(new UnitOption("Service", "ExecStart", "/bin/a \\"), new UnitOption("Unit", "Description", "d"));

        Assert.True(result.IsValid);
        Assert.Equal(
            ["option [Service] ExecStart: value ends in a backslash, so it reads back with a newline appended once serialised"],
            result.Warnings);
    }

    [Fact]
    public void Validate_EveryKindOfProblem_ReportedTogether()
    {
        var result = Validate(
            new UnitOption("Service", "ExecStart", new string('x', 3000)),
            new UnitOption("X-Fleet", "MachineID", "m1"),
            new UnitOption("X-Fleet", "Global", "true"),
            new UnitOption("X-Fleet", "Weight", "3"));

        Assert.Equal(
            ["option [Service] ExecStart: line too long (max 2048 bytes)", "MachineID cannot be used with Global"],
            result.Errors);
        Assert.Equal(["unrecognized requirement in [X-Fleet] section: \"Weight\""], result.Warnings);
        Assert.False(result.IsValid);
    }
}
