namespace Fleet.Api.Errors;

/// <summary>Media types the API speaks.</summary>
internal static class FleetMediaTypes
{
    /// <summary>The only media type fleet's API reads and writes.</summary>
    public const string Json = "application/json";
}
