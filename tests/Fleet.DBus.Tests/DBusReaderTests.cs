namespace Fleet.DBus.Tests;

[Trait("Category", "Unit")]
public sealed class DBusReaderTests
{
    [Fact]
    public void ReadAll_WhatTheWriterWrote_RoundTripsEveryType()
    {
        var values = new object[]
        {
            (byte)7, true, (short)-2, (ushort)3, -4, 5u, -6L, 7UL, 8.5, "héllo", new DBusObjectPath("/a/b"), "a{sv}",
            new DBusVariant("a(sasb)", new object[] { new object[] { "/bin/sleep", new object[] { "sleep", "1" }, false } }),
            new Dictionary<object, object> { ["k"] = new DBusVariant("u", 9u) },
            new object[] { "x", 1u },
        };
        const string signature = "ybnqiuxtdsogva{sv}(su)";
        var writer = new DBusWriter();
        writer.WriteAll(signature, values);

        var read = new DBusReader(writer.ToArray()).ReadAll(signature);

        Assert.Equal(values[..12], read[..12]);
        var variant = Assert.IsType<DBusVariant>(read[12]);
        Assert.Equal("a(sasb)", variant.Signature);
        var exec = Assert.IsType<object[]>(Assert.Single(Assert.IsType<object[]>(variant.Value)));
        Assert.Equal("/bin/sleep", exec[0]);
        Assert.Equal(new object[] { "sleep", "1" }, exec[1]);
        Assert.Equal(false, exec[2]);
        var dict = Assert.IsType<Dictionary<object, object>>(read[13]);
        Assert.Equal(new DBusVariant("u", 9u), dict["k"]);
        Assert.Equal(new object[] { "x", 1u }, read[14]);
    }

    [Fact]
    public void Read_BigEndianUInt32_HonoursEndianness()
    {
        var value = new DBusReader(new byte[] { 0, 0, 1, 2 }, littleEndian: false).Read("u");

        Assert.Equal(258u, value);
    }

    [Fact]
    public void Read_TruncatedString_ThrowsWithOffset()
    {
        var error = Assert.Throws<DBusProtocolException>(() => new DBusReader(new byte[] { 10, 0, 0, 0, (byte)'a' }).Read("s"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BooleanOtherThanZeroOrOne_Throws()
    {
        Assert.Throws<DBusProtocolException>(() => new DBusReader(new byte[] { 2, 0, 0, 0 }).Read("b"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("(s")]
    [InlineData("()")]
    [InlineData("a{s}")]
    [InlineData("z")]
    public void ReadAll_MalformedSignature_ThrowsNamingIt(string signature)
    {
        var error = Assert.Throws<DBusProtocolException>(() => new DBusReader(new byte[64]).ReadAll(signature));

        Assert.Contains(signature, error.Message, StringComparison.Ordinal);
    }
}
