using System.Text.Json.Serialization;

namespace Fleet.Agent.Process.Runtime;

/// <summary>Source-generated JSON for <see cref="PersistedUnitState"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PersistedUnitState))]
internal sealed partial class PersistedUnitStateJsonContext : JsonSerializerContext;
