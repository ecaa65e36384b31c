namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>UnitStatePage</c>. An empty last page serialises as <c>{}</c>.</summary>
public sealed class UnitStatePageDto
{
    /// <summary>The token of the next page, when there may be one.</summary>
    public string? NextPageToken { get; set; }

    /// <summary>The states of this page, by unit name then machine ID; null when the page is empty.</summary>
    public IList<UnitStateDto>? States { get; set; }
}
