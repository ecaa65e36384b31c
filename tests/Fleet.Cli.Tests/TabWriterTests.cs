using Fleet.Cli.Output;

namespace Fleet.Cli.Tests;

/// <summary>Go tabwriter emulation (minwidth 0, tabwidth 8, padding 1, padchar '\t'); expectations worked out
/// by hand from fleet's README examples.</summary>
[Trait("Category", "Unit")]
public sealed class TabWriterTests
{
    [Fact]
    public void Format_ReadmeListUnitFiles_PadsColumnsToMultiplesOfEight()
    {
        var output = TabWriter.Format(
        [
            "UNIT\tHASH\tDSTATE\tSTATE\tTMACHINE",
            "hello.service\te55c0ae\tlaunched\tlaunched\t113f16a7.../172.17.8.103",
        ]);

        // UNIT column: widest cell 13 + padding 1 = 14 → 16; HASH: 7 + 1 → 8; DSTATE/STATE: 8 + 1 = 9 → 16.
        Assert.Equal(
            "UNIT\t\tHASH\tDSTATE\t\tSTATE\t\tTMACHINE\n" +
            "hello.service\te55c0ae\tlaunched\tlaunched\t113f16a7.../172.17.8.103\n",
            output);
    }

    [Fact]
    public void Format_ReadmeListUnits_LegendColumnIs32Wide()
    {
        var output = TabWriter.Format(
        [
            "UNIT\tMACHINE\tACTIVE\tSUB",
            "hello.service\t113f16a7.../172.17.8.103\tactive\trunning",
        ]);

        // MACHINE column: 24 + 1 = 25 → 32, so "MACHINE" (7) needs 25 columns of padding = 4 tabs.
        Assert.Equal(
            "UNIT\t\tMACHINE\t\t\t\tACTIVE\tSUB\n" +
            "hello.service\t113f16a7.../172.17.8.103\tactive\trunning\n",
            output);
    }

    [Fact]
    public void Format_ReadmeListMachines_Expands()
    {
        var output = TabWriter.Format(["MACHINE\tIP\tMETADATA", "113f16a7...\t172.17.8.103\taz=us-west-1b"]);

        Assert.Equal("MACHINE\t\tIP\t\tMETADATA\n113f16a7...\t172.17.8.103\taz=us-west-1b\n", output);
        Assert.Equal(
            "MACHINE         IP              METADATA\n113f16a7...     172.17.8.103    az=us-west-1b\n",
            ExpandTabs(output));
    }

    [Theory]
    [InlineData("1234567", "1234567\tx\n")]
    [InlineData("12345678", "12345678\tx\n")]
    [InlineData("123456789012345", "123456789012345\tx\n")]
    [InlineData("1234567890123456", "1234567890123456\tx\n")]
    public void Format_OneCell_AlwaysAtLeastOneTab(string cell, string expected)
    {
        Assert.Equal(expected, TabWriter.Format([$"{cell}\tx"]));
    }

    [Fact]
    public void Format_EmptyCell_PaddedToColumnWidth()
    {
        Assert.Equal("\t\tb\n123456789\tc\n", TabWriter.Format(["\tb", "123456789\tc"]));
    }

    [Fact]
    public void Format_LinesWithoutTabs_AreNotPadded()
    {
        Assert.Equal("a\nbb\n", TabWriter.Format(["a", "bb"]));
    }

    [Fact]
    public void Format_RaggedLines_ColumnBlocksEndWhereACellIsMissing()
    {
        // Column 0 spans all lines (15 + 1 → 16). Column 1 forms two blocks because the second line has no
        // cell there (its "c" is the line's last cell): "longer-cell-here" alone (17 → 24) and "d" alone (2 → 8).
        var output = TabWriter.Format(["a\tlonger-cell-here\tz", "b\tc", "long-first-cell\td\te"]);

        Assert.Equal("a\t\tlonger-cell-here\tz\nb\t\tc\nlong-first-cell\td\te\n", output);
    }

    [Fact]
    public void Format_MultiByteRunes_CountAsOneColumnEach()
    {
        Assert.Equal("ééééééé\tx\n", TabWriter.Format(["ééééééé\tx"]));
    }

    private static string ExpandTabs(string text)
    {
        var result = new System.Text.StringBuilder();
        var column = 0;
        foreach (var c in text)
        {
            if (c == '\t')
            {
                do
                {
                    result.Append(' ');
                    column++;
                }
                while (column % 8 != 0);
            }
            else
            {
                result.Append(c);
                column = c == '\n' ? 0 : column + 1;
            }
        }

        return result.ToString();
    }
}
