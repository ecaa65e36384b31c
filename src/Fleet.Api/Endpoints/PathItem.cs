using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Endpoints;

/// <summary>The item segment of a resource path (<c>/fleet/v1/units/&lt;item&gt;</c>).</summary>
internal static class PathItem
{
    /// <summary>Returns the item as fleet's Go server sees it (fully percent-decoded), or null when the decoded
    /// item spans more than one segment (<c>..%2f</c>), which fleet answers with 404 and an empty message.</summary>
    /// <remarks>Kestrel decodes every escape of the path except <c>%2F</c>; Go decodes that too.</remarks>
    public static string? Read(HttpContext context, string routeValueName = "name")
    {
        var raw = context.Request.RouteValues[routeValueName] as string ?? string.Empty;
        var item = raw.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return item.Length == 0 || item.Contains('/', StringComparison.Ordinal) ? null : item;
    }
}
