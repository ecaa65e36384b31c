using Fleet.Core.Machines;

namespace Fleet.Api.Endpoints;

/// <summary>One metadata edit of <c>PATCH /fleet/v1/machines</c>.</summary>
/// <param name="Machine">The machine (present or not).</param>
/// <param name="Key">The metadata key.</param>
/// <param name="Value">The new value; null removes the key.</param>
internal sealed record MachineMetadataEdit(MachineId Machine, string Key, string? Value);
