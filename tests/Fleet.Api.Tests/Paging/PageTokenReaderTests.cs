using Fleet.Api.Paging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fleet.Api.Tests.Paging;

[Trait("Category", "Unit")]
public sealed class PageTokenReaderTests
{
    private static QueryCollection Query(params string[] tokens) =>
        new(new Dictionary<string, StringValues> { ["nextPageToken"] = new StringValues(tokens) });

    [Fact]
    public void TryRead_NoToken_FirstPageOfServerLimit()
    {
        Assert.True(PageTokenReader.TryRead(QueryCollection.Empty, 100, out var token, out _));
        Assert.Equal(new PageToken(100, 1), token);
    }

    [Fact]
    public void TryRead_ValidToken_ReturnsIt()
    {
        Assert.True(PageTokenReader.TryRead(Query("ZAADAA=="), 100, out var token, out _));
        Assert.Equal(new PageToken(100, 3), token);
    }

    [Theory]
    [InlineData(new[] { "ZAACAA==", "ZAADAA==" }, 100, "too many values for page token")]
    [InlineData(new[] { "ZAACAA==" }, 2, "token limit must be 2")]
    [InlineData(new[] { "ZAAAAA==" }, 100, "token page must be greater than zero")]
    [InlineData(new[] { "%%%" }, 100, "illegal base64 data at input byte 0")]
    public void TryRead_Bad_ReportsFleetMessage(string[] tokens, int limit, string expected)
    {
        Assert.False(PageTokenReader.TryRead(Query(tokens), (ushort)limit, out _, out var error));
        Assert.Equal(expected, error);
    }
}
