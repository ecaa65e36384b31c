using System.Text.Json.Serialization;

namespace Fleet.Registry.Etcd.Internal;

// Stored values: short property names, defaults omitted, decoded by source-generated JSON (EtcdJsonContext).
// The key carries the identity (unit name, machine ID), so it is not repeated in the value.

/// <summary><c>units/&lt;unit&gt;</c>.</summary>
internal sealed class UnitValue
{
    [JsonPropertyName("h")]
    public string Hash { get; set; } = string.Empty;

    [JsonPropertyName("t")]
    public string Target { get; set; } = string.Empty;

    [JsonPropertyName("r")]
    public RequirementsValue? Requirements { get; set; }
}

/// <summary>The <c>[X-Fleet]</c> requirements inside a unit record.</summary>
internal sealed class RequirementsValue
{
    [JsonPropertyName("id")]
    public string? MachineId { get; set; }

    [JsonPropertyName("of")]
    public string[]? MachineOf { get; set; }

    [JsonPropertyName("md")]
    public Dictionary<string, string[]>? MachineMetadata { get; set; }

    [JsonPropertyName("cf")]
    public string[]? Conflicts { get; set; }

    [JsonPropertyName("rp")]
    public string[]? Replaces { get; set; }

    [JsonPropertyName("g")]
    public bool Global { get; set; }
}

/// <summary><c>unitfiles/&lt;hash&gt;</c>: the options as [section, name, value] triples, in file order.</summary>
internal sealed class UnitFileValue
{
    [JsonPropertyName("o")]
    public string[][] Options { get; set; } = [];
}

/// <summary><c>schedule/&lt;machine&gt;/&lt;unit&gt;</c> and <c>placement/&lt;unit&gt;/&lt;machine&gt;</c>.</summary>
internal sealed class ScheduleValue
{
    [JsonPropertyName("h")]
    public string Hash { get; set; } = string.Empty;

    [JsonPropertyName("t")]
    public string Target { get; set; } = string.Empty;
}

/// <summary><c>machines/present/&lt;machine&gt;</c>: the announced state with configured metadata.</summary>
internal sealed class MachineValue
{
    [JsonPropertyName("ip")]
    public string? PublicIp { get; set; }

    [JsonPropertyName("md")]
    public Dictionary<string, string>? Metadata { get; set; }

    [JsonPropertyName("v")]
    public string? Version { get; set; }

    [JsonPropertyName("de")]
    public bool DisableEngine { get; set; }

    [JsonPropertyName("api")]
    public string? ApiEndpoint { get; set; }
}

/// <summary><c>states/&lt;unit&gt;/&lt;machine&gt;</c>.</summary>
internal sealed class StateValue
{
    [JsonPropertyName("h")]
    public string Hash { get; set; } = string.Empty;

    [JsonPropertyName("l")]
    public string Load { get; set; } = string.Empty;

    [JsonPropertyName("a")]
    public string Active { get; set; } = string.Empty;

    [JsonPropertyName("s")]
    public string Sub { get; set; } = string.Empty;

    [JsonPropertyName("r")]
    public string Reached { get; set; } = string.Empty;
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(UnitValue))]
[JsonSerializable(typeof(UnitFileValue))]
[JsonSerializable(typeof(ScheduleValue))]
[JsonSerializable(typeof(MachineValue))]
[JsonSerializable(typeof(StateValue))]
internal sealed partial class EtcdJsonContext : JsonSerializerContext;
