using System.Text.Json.Serialization;

namespace Fleet.Client.Contracts;

/// <summary>Source-generated JSON metadata for fleet's wire format (fields omitted when null, as Go's
/// <c>omitempty</c>).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(Unit))]
[JsonSerializable(typeof(UnitPage))]
[JsonSerializable(typeof(UnitState))]
[JsonSerializable(typeof(UnitStatePage))]
[JsonSerializable(typeof(Machine))]
[JsonSerializable(typeof(MachinePage))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(IReadOnlyList<Unit>))]
[JsonSerializable(typeof(IReadOnlyList<UnitState>))]
[JsonSerializable(typeof(IReadOnlyList<Machine>))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
