using Fleet.Api.Contracts;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Api.Endpoints;

/// <summary>Maps store records to fleet's wire entities (empty values become null, so they are omitted).</summary>
internal static class WireMapper
{
    /// <summary>A unit with its options, desired state and, for non-global units, where it is scheduled and
    /// the state reached there (<c>inactive</c> when unscheduled or not yet reported).</summary>
    public static UnitDto ToDto(UnitRecord record, UnitFile? file, ScheduleEntry? placement, UnitStateRecord? state)
    {
        var dto = new UnitDto
        {
            Name = record.Name.Value,
            DesiredState = record.TargetState.ToWire(),
            Options = file is null || file.Options.IsEmpty ? null : [.. file.Options.Select(ToDto)],
        };
        if (!record.Requirements.Global)
        {
            dto.MachineId = placement is null ? null : NullIfEmpty(placement.Machine.Value);
            dto.CurrentState = (state?.Reached ?? TargetState.Inactive).ToWire();
        }

        return dto;
    }

    /// <summary>One unit file option.</summary>
    public static UnitOptionDto ToDto(UnitOption option) => new()
    {
        Name = NullIfEmpty(option.Name),
        Section = NullIfEmpty(option.Section),
        Value = NullIfEmpty(option.Value),
    };

    /// <summary>Converts wire options to unit file options (a missing field is an empty string, as in Go).</summary>
    public static UnitOption ToDomain(UnitOptionDto? option) =>
        new(option?.Section ?? string.Empty, option?.Name ?? string.Empty, option?.Value ?? string.Empty);

    /// <summary>One machine's state for one unit, with the full 40-hex hash.</summary>
    public static UnitStateDto ToDto(UnitStateRecord state) => new()
    {
        Name = state.Unit.Value,
        Hash = NullIfEmpty(state.Hash.Hex),
        MachineId = NullIfEmpty(state.Machine.Value),
        SystemdLoadState = NullIfEmpty(state.State.LoadState),
        SystemdActiveState = NullIfEmpty(state.State.ActiveState),
        SystemdSubState = NullIfEmpty(state.State.SubState),
    };

    /// <summary>A present machine; metadata keys in ordinal order (as Go writes maps).</summary>
    public static MachineDto ToDto(MachineState machine) => new()
    {
        Id = NullIfEmpty(machine.Id.Value),
        PrimaryIp = NullIfEmpty(machine.PublicIp),
        Metadata = machine.Metadata.Count == 0
            ? null
            : new SortedDictionary<string, string>(machine.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), StringComparer.Ordinal),
    };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
