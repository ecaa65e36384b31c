namespace Fleet.DBus.Tests;

[Trait("Category", "Unit")]
public sealed class DBusWriterTests
{
    [Fact]
    public void WriteAll_StringAndBool_ProducesSpecBytes()
    {
        var writer = new DBusWriter();

        writer.WriteAll("sb", ["ab", true]);

        Assert.Equal(
            new byte[] { 2, 0, 0, 0, (byte)'a', (byte)'b', 0, 0, 1, 0, 0, 0 },
            writer.ToArray());
    }

    [Fact]
    public void Write_StringArray_LengthExcludesPaddingAndCountsElements()
    {
        var writer = new DBusWriter();

        writer.Write("as", new[] { "x", "yz" });

        // length 15: "x" (4+1+1) pad 2, "yz" (4+2+1)
        Assert.Equal(
            new byte[] { 15, 0, 0, 0, 1, 0, 0, 0, (byte)'x', 0, 0, 0, 2, 0, 0, 0, (byte)'y', (byte)'z', 0 },
            writer.ToArray());
    }

    [Fact]
    public void Write_EmptyArrayOfStructs_PadsToEightEvenWhenEmpty()
    {
        var writer = new DBusWriter();

        writer.Write("a(ss)", Array.Empty<object[]>());

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, writer.ToArray());
    }

    [Fact]
    public void Write_ValueOfWrongType_ThrowsNamingTheType()
    {
        var writer = new DBusWriter();

        var error = Assert.Throws<DBusProtocolException>(() => writer.Write("u", "not a number"));

        Assert.Contains("'u'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("/trailing/")]
    [InlineData("/double//slash")]
    public void Write_InvalidObjectPath_Throws(string path)
    {
        var error = Assert.Throws<DBusProtocolException>(() => new DBusWriter().Write("o", new DBusObjectPath(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAll_CountMismatch_Throws()
    {
        var error = Assert.Throws<DBusProtocolException>(() => new DBusWriter().WriteAll("ss", ["one"]));

        Assert.Contains("2 types but 1 values", error.Message, StringComparison.Ordinal);
    }
}
