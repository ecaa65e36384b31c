using Fleet.Cli.Output;
using Fleet.Cli.Units;

namespace Fleet.Cli.Tests;

[Trait("Category", "Unit")]
public sealed class UnitNamesTests
{
    [Theory]
    [InlineData("foo", "foo.service")]
    [InlineData("foo.service", "foo.service")]
    [InlineData("foo.socket", "foo.socket")]
    [InlineData("foo.automount", "foo.automount")]
    [InlineData("foo.target", "foo.target.service")]
    [InlineData("units/hello@1", "hello@1.service")]
    [InlineData("/abs/path/hello.timer", "hello.timer")]
    public void Mangle_Argument_IsFleetUnitName(string argument, string expected)
    {
        Assert.Equal(expected, UnitNames.Mangle(argument));
    }

    [Theory]
    [InlineData("113f16a7b2ee4c9cb9b1c1a3d0f9e001", "172.17.8.103", false, "113f16a7.../172.17.8.103")]
    [InlineData("113f16a7b2ee4c9cb9b1c1a3d0f9e001", "", false, "113f16a7...")]
    [InlineData("113f16a7b2ee4c9cb9b1c1a3d0f9e001", "10.0.0.1", true, "113f16a7b2ee4c9cb9b1c1a3d0f9e001/10.0.0.1")]
    [InlineData("abc", null, false, "abc...")]
    public void MachineLegend_Full_FormatsLikeFleetctl(string id, string? ip, bool full, string expected)
    {
        Assert.Equal(expected, MachineLegend.Full(id, ip, full));
    }
}
