using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitFileParserTests
{
    public static TheoryData<string, string[]> GoSystemdVectors => new()
    {
        // go-systemd deserialize_test.go cases, options written as "Section|Name|Value"
        { "[Unit]\nDescription=Foo\nDescription=Bar\nRequires=baz.service\nAfter=baz.service\n",
            ["Unit|Description|Foo", "Unit|Description|Bar", "Unit|Requires|baz.service", "Unit|After|baz.service"] },
        { "[Unit]\nDescription=Foo\n\n[Service]\nExecStart=/usr/bin/sleep infinity\n\n[X-Third-Party]\nPants=on\n\n",
            ["Unit|Description|Foo", "Service|ExecStart|/usr/bin/sleep infinity", "X-Third-Party|Pants|on"] },
        { "[Unit]\n[Service]\n[X-Third-Party]\n", [] },
        { "[Service]\nEnvironment= \"FOO=BAR\" \"BAZ=QUX\"\n", ["Service|Environment|\"FOO=BAR\" \"BAZ=QUX\""] },
        { "[Unit]\nDescription= Unnecessarily wrapped \\\n    words here\n",
            ["Unit|Description|Unnecessarily wrapped \\\n    words here"] },
        { "; comment alpha\n# comment bravo\n[Unit]\n; comment charlie\n# comment delta\n#Description=Foo\nDescription=Bar\n; comment echo\n# comment foxtrot\n",
            ["Unit|Description|Bar"] },
        { "[Unit]\nDescription=Bar\\\n# comment alpha\n\nDescription=Bar\\\n# comment bravo \\\nBaz\n",
            ["Unit|Description|Bar\\\n# comment alpha", "Unit|Description|Bar\\\n# comment bravo \\\nBaz"] },
        { "Description=Foo\n[Unit]\nDescription=Bar\n", ["Unit|Description|Bar"] },
        { "<<<<<<<<\n[Unit]\nDescription=Bar\n", ["Unit|Description|Bar"] },
        { "[Unit]\n<<<<<<<<=Bar\n", ["Unit|<<<<<<<<|Bar"] },
        { "[Unit]\nSome Thing = Bar\n", ["Unit|Some Thing|Bar"] },
        { "[Unit]\nDescription=Bar", ["Unit|Description|Bar"] },
        { "[Unit]\nDescription=Bar \\", ["Unit|Description|Bar \\"] },
        { "[©]\nµ☃=ÇôrèÕ$", ["©|µ☃|ÇôrèÕ$"] },
        { "[Unit]\n Description   =words here\n", ["Unit|Description|words here"] },
        { "[Unit]\nDescription= words here ", ["Unit|Description|words here"] },
        { "[Unit]\nDescription= words here \\\n  ", ["Unit|Description|words here \\\n"] },
        { "[Unit]\nDescription=foo\\\n\n", ["Unit|Description|foo\\\n"] },
        { "[Unit]\nDescription=foo\\\n", ["Unit|Description|foo\\\n"] },
        { "[Unit]\nDescription=a\\\nb\\\nc\nAfter=x\n", ["Unit|Description|a\\\nb\\\nc", "Unit|After|x"] },
        { "[Unit]\nDescription=a\\\n[Service]\nExecStart=x\n", ["Unit|Description|a\\\n[Service]", "Unit|ExecStart|x"] },
        { "[Unit]\nDescription=a\\ \nAfter=x\n", ["Unit|Description|a\\", "Unit|After|x"] },
        { "", [] },
        { "no sections at all\n", [] },
        { "junk [Unit]\nA=1\n", ["Unit|A|1"] },
        { "# see [Unit] \\\n[Unit]\nA=1\n[Unit]\nA=2\n", ["Unit|A|2"] },
        { "[Unit]\n# comment with continuation \\\nA=1\nB=2\n", ["Unit|B|2"] },
        { "[Unit]\n# two trailing spaces do not continue \\  \nA=1\n", ["Unit|A|1"] },
        { "[ Unit ]\nA=1\n", [" Unit |A|1"] },
        { "[Unit]\nA=\nB=   \n=c\n", ["Unit|A|", "Unit|B|", "Unit||c"] },
        { "[Unit]\nA=b=c\n", ["Unit|A|b=c"] },
        { "[Unit]\r\nDescription=Foo\r\n\r\n[Service]\r\nExecStart=/bin/a \\\r\n  b\r\n", ["Unit|Description|Foo", "Service|ExecStart|/bin/a \\\n  b"] },
        { "[Unit]\nA=1\n[Service]\nB=2\n[Unit]\nC=3\n", ["Unit|A|1", "Service|B|2", "Unit|C|3"] },
        { "[Unit]   \nA=1\n", ["Unit|A|1"] },
    };

    [Theory]
    [MemberData(nameof(GoSystemdVectors))]
    public void Parse_GoSystemdVector_GivesOptionsInOrder(string text, string[] expected)
    {
        var result = UnitFileParser.Parse(text);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.File!.Options.Select(o => $"{o.Section}|{o.Name}|{o.Value}"));
    }

    [Theory]
    [InlineData("[Unit\nDescription=Foo\n", "line 1: unable to find end of section")]
    [InlineData("[Unit] pants\nDescription=Foo\n", "line 1: found garbage after section name Unit: \"pants\"")]
    [InlineData("[Unit]\nDescription\n", "line 2: unexpected newline encountered while parsing option name")]
    [InlineData("[Unit]\n<<<<<<\nDescription=Foo\n", "line 2: unexpected newline encountered while parsing option name")]
    [InlineData("[Unit]\nDescription\r\n", "line 2: unexpected newline encountered while parsing option name")]
    [InlineData("[Unit]\nDes\rcription=x\n", "line 2: unexpected newline encountered while parsing option name")]
    public void Parse_Malformed_ReportsErrorWithLine(string text, string expected)
    {
        var result = UnitFileParser.Parse(text);

        Assert.False(result.Success);
        Assert.Null(result.File);
        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneWithItsLine()
    {
        var text = string.Join('\n',
            "[Unit]",
            "Description=ok",
            "oops",
            "[Service] trailing",
            "ExecStart=/bin/true",
            "X=" + new string('a', 3000),
            "also wrong",
            "[Broken",
            "");

        var result = UnitFileParser.Parse(text);

        Assert.Equal(
            [
                "line 3: unexpected newline encountered while parsing option name",
                "line 4: found garbage after section name Service: \"trailing\"",
                "line 6: line too long (max 2048 bytes)",
                "line 7: unexpected newline encountered while parsing option name",
                "line 8: unable to find end of section",
            ],
            result.Errors);
    }

    [Theory]
    [InlineData(2047, true)]
    [InlineData(2048, false)]
    public void Parse_LineLength_LimitIs2048Bytes(int lineBytes, bool accepted)
    {
        var line = "A=" + new string('x', lineBytes - 2);

        var result = UnitFileParser.Parse("[Unit]\n" + line + "\n");

        Assert.Equal(accepted, result.Success);
        if (!accepted)
        {
            Assert.Equal(["line 2: line too long (max 2048 bytes)"], result.Errors);
        }
    }

    [Fact]
    public void Parse_LineLength_CountsUtf8BytesNotCharacters()
    {
        var line = "A=" + new string('é', 1023); // 2 + 2046 bytes = 2048

        var result = UnitFileParser.Parse("[Unit]\n" + line + "\r\n");

        Assert.Equal(["line 2: line too long (max 2048 bytes)"], result.Errors);
    }

    [Fact]
    public void Parse_LongLineBeforeFirstSection_IsRejected()
    {
        var result = UnitFileParser.Parse(new string('#', 2048) + "\n[Unit]\nA=1\n");

        Assert.Equal(["line 1: line too long (max 2048 bytes)"], result.Errors);
    }

    [Fact]
    public void Parse_LongContinuationLine_IsRejectedWithItsLine()
    {
        var result = UnitFileParser.Parse("[Unit]\nA=1 \\\n" + new string('x', 2100) + "\n");

        Assert.Equal(["line 3: line too long (max 2048 bytes)"], result.Errors);
    }

    [Fact]
    public void Parse_SameSectionTwice_SharesTheSectionString()
    {
        var file = UnitFileParser.Parse("[Unit]\nA=1\n[Unit]\nB=2\n").File!;

        Assert.Same(file.Options[0].Section, file.Options[1].Section);
    }

    [Fact]
    public void Parse_Null_Throws() => Assert.Throws<ArgumentNullException>(() => UnitFileParser.Parse(null!));
}
