namespace Fleet.Agent.Systemd.Tests;

[Trait("Category", "Unit")]
public sealed class SystemdObjectPathTests
{
    [Theory]
    [InlineData("hello.service", "/org/freedesktop/systemd1/unit/hello_2eservice")]
    [InlineData("a-b@1.service", "/org/freedesktop/systemd1/unit/a_2db_401_2eservice")]
    [InlineData("1x_y.service", "/org/freedesktop/systemd1/unit/_31x_5fy_2eservice")]
    [InlineData("", "/org/freedesktop/systemd1/unit/_")]
    public void ForUnit_Name_EscapesLikeSystemd(string unit, string expected)
    {
        Assert.Equal(expected, SystemdObjectPath.ForUnit(unit));
    }
}
