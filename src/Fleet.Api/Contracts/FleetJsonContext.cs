using System.Text.Json.Serialization;

namespace Fleet.Api.Contracts;

/// <summary>Source-generated JSON metadata for fleet's wire entities: camelCase names, null properties
/// omitted (fleet's <c>omitempty</c>), case-insensitive property matching when reading (as Go's decoder).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(UnitDto))]
[JsonSerializable(typeof(UnitPageDto))]
[JsonSerializable(typeof(UnitStateDto))]
[JsonSerializable(typeof(UnitStatePageDto))]
[JsonSerializable(typeof(MachineDto))]
[JsonSerializable(typeof(MachinePageDto))]
[JsonSerializable(typeof(ErrorResponseDto))]
[JsonSerializable(typeof(List<MachinePatchOperationDto>))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
