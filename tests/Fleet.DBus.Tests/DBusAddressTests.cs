namespace Fleet.DBus.Tests;

[Trait("Category", "Unit")]
public sealed class DBusAddressTests
{
    [Theory]
    [InlineData("unix:path=/run/dbus/system_bus_socket")]
    [InlineData("tcp:host=x,port=1;unix:path=/tmp/a%20b")]
    [InlineData("unix:abstract=/tmp/dbus-x,guid=1234")]
    public void TryParse_UnixAddress_Succeeds(string address)
    {
        Assert.True(DBusAddress.TryParse(address, out var endPoint, out var error), error);
        Assert.NotNull(endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tcp:host=localhost,port=1")]
    [InlineData("unix:path=relative")]
    public void TryParse_Unusable_ReportsWhy(string address)
    {
        Assert.False(DBusAddress.TryParse(address, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
