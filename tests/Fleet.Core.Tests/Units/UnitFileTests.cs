using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitFileTests
{
    private const string Hello =
        "[Unit]\nDescription=Hello World\n\n[Service]\nExecStart=/bin/bash -c \"while true; do echo \\\"Hello, world\\\"; sleep 1; done\"\n";

    [Theory]
    [InlineData("[Service]\nExecStart=/bin/sleep 100\n", "1c6fb6f3684bafb0c173d8b8b957ceff031180c1")]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData(Hello, "e55c0aeb44ba0b68004ceb8a200e685194448b45")]
    [InlineData("# comments and blank lines do not count\n[Service]\n\n  ExecStart = /bin/sleep 100  \n", "1c6fb6f3684bafb0c173d8b8b957ceff031180c1")]
    [InlineData("[Service]\r\nExecStart=/bin/sleep 100\r\n", "1c6fb6f3684bafb0c173d8b8b957ceff031180c1")]
    public void Hash_FleetTestVector_Matches(string text, string expected)
    {
        var file = UnitFileParser.Parse(text).File!;

        Assert.Equal(expected, file.Hash.Hex);
        Assert.Equal(expected[..7], file.Hash.ShortHex);
    }

    [Fact]
    public void Hash_ExamplesHelloService_MatchesFleetReadme()
    {
        var path = FindRepoFile("examples/hello.service");

        var file = UnitFile.Parse(File.ReadAllText(path)).File!;

        Assert.Equal("e55c0aeb44ba0b68004ceb8a200e685194448b45", file.Hash.Hex);
        Assert.Equal("Hello World", file.Description);
    }

    [Fact]
    public void Serialize_NoOptions_IsEmpty() => Assert.Equal(string.Empty, UnitFile.FromOptions([]).Serialize());

    [Fact]
    public void Serialize_InterleavedSections_GroupsBySectionInFirstAppearanceOrder()
    {
        var file = UnitFile.FromOptions(
        [
            new UnitOption("Unit", "A", "1"),
            new UnitOption("Service", "B", "2"),
            new UnitOption("Unit", "C", "3"),
            new UnitOption("X-Fleet", "D", "4"),
            new UnitOption("Service", "E", "5"),
        ]);

        Assert.Equal("[Unit]\nA=1\nC=3\n\n[Service]\nB=2\nE=5\n\n[X-Fleet]\nD=4\n", file.Serialize());
    }

    [Fact]
    public void Serialize_Hello_IsTheCanonicalText() =>
        Assert.Equal(Hello, UnitFileParser.Parse(Hello).File!.Serialize());

    [Theory]
    [InlineData("[Unit]\nDescription=Foo\nDescription=Bar\n\n[Service]\nExecStart=/bin/a \\\n  b\n# c\n[X-Fleet]\nGlobal=true\n")]
    [InlineData("[Unit]\nA=foo\\\n")]
    [InlineData("[©]\nµ☃=ÇôrèÕ$")]
    [InlineData("[Unit]\r\nA=1\r\nB=2 \\\r\n  3\r\n")]
    [InlineData("")]
    public void ParseSerialize_OneSectionRun_KeepsOptionsAndHash(string text)
    {
        var first = UnitFileParser.Parse(text).File!;

        var second = UnitFileParser.Parse(first.Serialize()).File!;

        Assert.Equal(first.Options, second.Options);
        Assert.Equal(first.Serialize(), second.Serialize());
        Assert.Equal(first.Hash, second.Hash);
    }

    [Fact]
    public void ParseSerialize_InterleavedSections_RegroupsOnceThenIsFixed()
    {
        var first = UnitFileParser.Parse("junk\n[Unit]\nA=1\n[Service]\nB= x \\\n\n[Unit]\nC=3\n").File!;

        var second = UnitFileParser.Parse(first.Serialize()).File!;
        var third = UnitFileParser.Parse(second.Serialize()).File!;

        Assert.Equal(["A", "C", "B"], second.Options.Select(o => o.Name));
        Assert.Equal(first.Serialize(), second.Serialize());
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(second.Options, third.Options);
    }

    [Fact]
    public void ParseSerialize_BackslashAtEndOfText_GainsNewlineOnceLikeGoSystemd()
    {
        // go-systemd only appends the newline after a continuation when a line break follows; the serialised
        // form always has one, so such a value changes once and is stable from then on.
        var first = UnitFileParser.Parse("[Unit]\nA=foo\\").File!;

        var second = UnitFileParser.Parse(first.Serialize()).File!;
        var third = UnitFileParser.Parse(second.Serialize()).File!;

        Assert.Equal("foo\\", first.Options[0].Value);
        Assert.Equal("foo\\\n", second.Options[0].Value);
        Assert.Equal(second.Options, third.Options);
    }

    [Fact]
    public void Values_RepeatedOption_ReturnsAllInOrder()
    {
        var file = UnitFileParser.Parse("[Unit]\nAfter=a\nBefore=x\nAfter=b\n[Service]\nAfter=c\n").File!;

        Assert.Equal(["a", "b"], file.Values("Unit", "After"));
    }

    [Fact]
    public void Description_Missing_IsEmpty() =>
        Assert.Equal(string.Empty, UnitFileParser.Parse("[Service]\nExecStart=/bin/true\n").File!.Description);

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
