namespace Fleet.DBus.Tests;

[Trait("Category", "Unit")]
public sealed class DBusMessageTests
{
    [Fact]
    public void Decode_EncodedMethodCall_RoundTripsHeaderAndBody()
    {
        var call = DBusMessage.MethodCall("org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "LinkUnitFiles", "asbb", new[] { "/run/fleet/units/a.service" }, true, true);
        call.Serial = 42;

        var bytes = call.Encode();
        var decoded = DBusMessage.Decode(bytes);

        Assert.Equal(bytes.Length, DBusMessage.GetTotalLength(bytes));
        Assert.Equal(DBusMessageType.MethodCall, decoded.Type);
        Assert.Equal(42u, decoded.Serial);
        Assert.Equal("org.freedesktop.systemd1", decoded.Destination);
        Assert.Equal("/org/freedesktop/systemd1", decoded.Path);
        Assert.Equal("org.freedesktop.systemd1.Manager", decoded.Interface);
        Assert.Equal("LinkUnitFiles", decoded.Member);
        Assert.Equal("asbb", decoded.Signature);
        Assert.Equal(new object[] { new object[] { "/run/fleet/units/a.service" }, true, true }, decoded.Body);
    }

    [Fact]
    public void Encode_Hello_HeaderIsLittleEndianVersionOneAndBodyless()
    {
        var hello = DBusMessage.MethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello");
        hello.Serial = 1;

        var bytes = hello.Encode();

        Assert.Equal(new byte[] { (byte)'l', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0 }, bytes[..12]);
        Assert.Equal(0, bytes.Length % 8);
        Assert.Empty(DBusMessage.Decode(bytes).Body);
    }

    [Fact]
    public void GetTotalLength_BadEndianByte_Throws()
    {
        var error = Assert.Throws<DBusProtocolException>(() => DBusMessage.GetTotalLength(new byte[16]));

        Assert.Contains("endianness", error.Message, StringComparison.Ordinal);
    }
}
