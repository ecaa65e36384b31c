using Fleet.Core.Units;

namespace Fleet.Core.Tests.Units;

[Trait("Category", "Unit")]
public sealed class UnitHashTests
{
    [Fact]
    public void Of_LargeText_HashesEveryByte()
    {
        var text = "[Service]\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"Environment=V{i}=é{i}\n"));

        var hash = UnitHash.Of(text);

#pragma warning disable CA5350 // the reference implementation of the contract
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
        Assert.Equal(expected, hash.Hex);
    }

    [Theory]
    [InlineData("1C6FB6F3684BAFB0C173D8B8B957CEFF031180C1", true)]
    [InlineData("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", true)]
    [InlineData("1c6fb6f", false)]
    [InlineData("zc6fb6f3684bafb0c173d8b8b957ceff031180c1", false)]
    [InlineData(null, false)]
    public void TryParse_Text_AcceptsOnly40HexCharacters(string? text, bool expected)
    {
        Assert.Equal(expected, UnitHash.TryParse(text, out var hash));
        if (expected)
        {
            Assert.Equal(text!.ToLowerInvariant(), hash.Hex);
        }
    }
}
