using Fleet.Api.Paging;

namespace Fleet.Api.Tests.Paging;

[Trait("Category", "Unit")]
public sealed class PageTests
{
    private static readonly int[] Five = [1, 2, 3, 4, 5];

    [Fact]
    public void Cut_FirstFullPage_ItemsAndNextToken()
    {
        var page = Page<int>.Cut(Five, new PageToken(2, 1));

        Assert.Equal([1, 2], page.Items);
        Assert.Equal(new PageToken(2, 2), page.Next);
    }

    [Fact]
    public void Cut_LastPartialPage_NoNextToken()
    {
        var page = Page<int>.Cut(Five, new PageToken(2, 3));

        Assert.Equal([5], page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public void Cut_PageEndingOnLastItem_StillGivesNextToken()
    {
        var page = Page<int>.Cut([1, 2, 3, 4], new PageToken(2, 2));

        Assert.Equal([3, 4], page.Items);
        Assert.Equal(new PageToken(2, 3), page.Next);
        Assert.Empty(Page<int>.Cut([1, 2, 3, 4], page.Next!.Value).Items);
    }

    [Fact]
    public void Cut_PastTheEnd_EmptyWithoutToken()
    {
        var page = Page<int>.Cut(Five, new PageToken(100, 2));

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public void Cut_HugePageNumber_DoesNotOverflow()
    {
        var page = Page<int>.Cut(Five, new PageToken(ushort.MaxValue, ushort.MaxValue));

        Assert.Empty(page.Items);
    }
}
