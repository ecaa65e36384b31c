namespace Fleet.Api.Contracts;

/// <summary>The inner object of an error body (googleapi's <c>Error</c>): the HTTP status and a message,
/// which is always written, even when empty.</summary>
public sealed class ErrorDto
{
    /// <summary>The HTTP status code.</summary>
    public required int Code { get; init; }

    /// <summary>What went wrong; empty for internal failures and unknown paths.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public required string Message { get; init; }
}
