using Fleet.Api.Contracts;
using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Errors;

/// <summary>The API's responses: fleet's error bodies and its bodiless successes.</summary>
internal static class FleetResults
{
    /// <summary><c>{"error":{"code":<paramref name="statusCode"/>,"message":<paramref name="message"/>}}</c>.</summary>
    public static FleetJsonResult<ErrorResponseDto> Error(int statusCode, string message = "") =>
        new(statusCode, new ErrorResponseDto { Error = new ErrorDto { Code = statusCode, Message = message } },
            FleetJson.Context.ErrorResponseDto);

    /// <summary>200 with a JSON body.</summary>
    public static FleetJsonResult<T> Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        new(StatusCodes.Status200OK, value, typeInfo);

    /// <summary>201 without a body (unit created or replaced).</summary>
    public static EmptyResult Created { get; } = new(StatusCodes.Status201Created, jsonContentType: false);

    /// <summary>204 without a body.</summary>
    public static EmptyResult NoContent { get; } = new(StatusCodes.Status204NoContent, jsonContentType: false);

    /// <summary>204 without a body but with <c>Content-Type: application/json</c>.</summary>
    public static EmptyResult NoContentJson { get; } = new(StatusCodes.Status204NoContent, jsonContentType: true);

    /// <summary>404 with an empty message: no such resource path.</summary>
    public static FleetJsonResult<ErrorResponseDto> NotFoundPath() => Error(StatusCodes.Status404NotFound);
}
