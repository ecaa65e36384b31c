using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Api.Contracts;

/// <summary>The JSON metadata the server writes and reads with: <see cref="FleetJsonContext"/>'s settings plus
/// Go-like escaping (a quote is <c>\"</c>, non-ASCII text is written as is) instead of the default
/// HTML-safe escaping, so that messages such as <c>name in URL "a" ...</c> read as fleet's do.</summary>
internal static class FleetJson
{
    /// <summary>The context to serialise with.</summary>
    public static FleetJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
