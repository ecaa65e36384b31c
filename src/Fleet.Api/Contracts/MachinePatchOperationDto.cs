using System.Text.Json;

namespace Fleet.Api.Contracts;

/// <summary>One operation of <c>PATCH /fleet/v1/machines</c>:
/// <c>{"op":"add","path":"/&lt;machine-id&gt;/metadata/&lt;key&gt;","value":...}</c>.</summary>
/// <remarks><see cref="Value"/> is kept raw: fleet's server expects it wrapped (<c>{"value":"x"}</c>) while its
/// documentation shows a plain string; both are accepted.</remarks>
public sealed class MachinePatchOperationDto
{
    /// <summary><c>add</c>, <c>remove</c> or <c>replace</c>.</summary>
    public string? Op { get; set; }

    /// <summary><c>/&lt;machine-id&gt;/metadata/&lt;key&gt;</c>.</summary>
    public string? Path { get; set; }

    /// <summary>The new value: a string, or an object with a <c>value</c> string (any key case).</summary>
    public JsonElement? Value { get; set; }
}
