namespace Fleet.Api.Paging;

/// <summary>One page cut from an ordered list, and the token of the next one.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items of the page (empty past the end).</param>
/// <param name="Next">The next page's token; null when this page did not end at or before the last item.</param>
internal sealed record Page<T>(IReadOnlyList<T> Items, PageToken? Next)
{
    /// <summary>Cuts <paramref name="token"/>'s page from <paramref name="all"/>, as fleet does: the next token
    /// is given whenever the page is full, so a page ending exactly on the last item is followed by an empty
    /// one. Arithmetic is done in <see cref="long"/> (fleet's uint16 product could overflow).</summary>
    public static Page<T> Cut(IReadOnlyList<T> all, PageToken token)
    {
        var start = (token.Page - 1L) * token.Limit;
        var stop = (long)token.Page * token.Limit;
        if (start >= all.Count)
        {
            return new([], null);
        }

        var full = stop <= all.Count && token.Page < ushort.MaxValue;
        var count = (int)(Math.Min(stop, all.Count) - start);
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = all[(int)start + i];
        }

        return new(items, full ? token.Next() : null);
    }
}
