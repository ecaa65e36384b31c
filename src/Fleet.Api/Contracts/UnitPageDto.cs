namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>UnitPage</c>. An empty last page serialises as <c>{}</c>.</summary>
public sealed class UnitPageDto
{
    /// <summary>The token of the next page, when there may be one.</summary>
    public string? NextPageToken { get; set; }

    /// <summary>The units of this page, by name; null when the page is empty.</summary>
    public IList<UnitDto>? Units { get; set; }
}
