using Fleet.Api.Paging;

namespace Fleet.Api.Tests.Paging;

[Trait("Category", "Unit")]
public sealed class PageTokenTests
{
    [Theory]
    [InlineData(100, 2, "ZAACAA==")]
    [InlineData(100, 3, "ZAADAA==")]
    [InlineData(19, 11852, "EwBMLg==")]
    public void Encode_FleetVectors_MatchesFleet(int limit, int page, string expected) =>
        Assert.Equal(expected, new PageToken((ushort)limit, (ushort)page).Encode());

    [Theory]
    [InlineData("ZAACAA==", 100, 2)]
    [InlineData("EwBMLg==", 19, 11852)]
    public void TryDecode_FleetVectors_DecodesLimitAndPage(string text, int limit, int page)
    {
        Assert.True(PageToken.TryDecode(text, out var token, out var error), error);
        Assert.Equal(new PageToken((ushort)limit, (ushort)page), token);
    }

    [Fact]
    public void Encode_BytesNeedingUrlAlphabet_UsesDashAndUnderscore()
    {
        var token = new PageToken(0xFBFF, 0xFFFF);

        var text = token.Encode();

        Assert.Equal("__v__w==", text);
        Assert.True(PageToken.TryDecode(text, out var back, out _));
        Assert.Equal(token, back);
    }

    [Theory]
    [InlineData("", "EOF")]
    [InlineData("ZA==", "unexpected EOF")]
    [InlineData("ZAAC", "unexpected EOF")]
    [InlineData("ZA!CAA==", "illegal base64 data at input byte 2")]
    [InlineData("ZAACAA", "illegal base64 data at input byte 4")]
    [InlineData("ZA+CAA==", "illegal base64 data at input byte 2")]
    public void TryDecode_Malformed_ReportsGoError(string text, string expected)
    {
        Assert.False(PageToken.TryDecode(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryDecode_ExtraBytes_IgnoredAsGoDoes()
    {
        Assert.True(PageToken.TryDecode("ZAACAAAA", out var token, out _));
        Assert.Equal(new PageToken(100, 2), token);
    }

    [Fact]
    public void Next_IncrementsPageKeepsLimit() =>
        Assert.Equal(new PageToken(7, 4), new PageToken(7, 3).Next());
}
