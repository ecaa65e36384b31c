namespace Fleet.Api.Contracts;

/// <summary>fleet's error body: <c>{"error":{"code":404,"message":"unit does not exist"}}</c>.</summary>
public sealed class ErrorResponseDto
{
    /// <summary>The error.</summary>
    public required ErrorDto Error { get; init; }
}
