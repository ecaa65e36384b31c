namespace Fleet.Api.Contracts;

/// <summary>fleet's <c>MachinePage</c>. An empty last page serialises as <c>{}</c>.</summary>
public sealed class MachinePageDto
{
    /// <summary>The machines of this page, by ID; null when the page is empty.</summary>
    public IList<MachineDto>? Machines { get; set; }

    /// <summary>The token of the next page, when there may be one.</summary>
    public string? NextPageToken { get; set; }
}
