using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Google.Protobuf;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Encodes and decodes stored values. Decoders return null for a value they cannot read (the
/// caller logs and skips it) so that one bad key never stops a list or a watch.</summary>
internal static class EtcdCodec
{
    private static readonly EtcdJsonContext Json = EtcdJsonContext.Default;

    public static ByteString EncodeUnit(UnitRecord record) => Encode(new UnitValue
    {
        Hash = record.Hash.Hex,
        Target = record.TargetState.ToWire(),
        Requirements = EncodeRequirements(record.Requirements),
    }, Json.UnitValue);

    public static UnitRecord? DecodeUnit(UnitName name, ByteString value)
    {
        if (TryDecodeHashAndTarget(value.Span, out var plainHash, out var plainTarget))
        {
            return new UnitRecord(name, plainHash, plainTarget, UnitRequirements.None);
        }

        var v = Decode(value, Json.UnitValue);
        return v is not null && UnitHash.TryParse(v.Hash, out var hash) && TargetStates.TryParse(v.Target, out var target)
            ? new UnitRecord(name, hash, target, DecodeRequirements(v.Requirements))
            : null;
    }

    public static ByteString EncodeFile(UnitFile file) => Encode(new UnitFileValue
    {
        Options = [.. file.Options.Select(o => new[] { o.Section, o.Name, o.Value })],
    }, Json.UnitFileValue);

    public static UnitFile? DecodeFile(ByteString value)
    {
        var v = Decode(value, Json.UnitFileValue);
        return v is null || v.Options.Any(o => o is not { Length: 3 })
            ? null
            : UnitFile.FromOptions(v.Options.Select(o => new UnitOption(o[0], o[1], o[2])));
    }

    public static ByteString EncodeSchedule(ScheduleEntry entry) => Encode(new ScheduleValue
    {
        Hash = entry.Hash.Hex,
        Target = entry.TargetState.ToWire(),
    }, Json.ScheduleValue);

    public static ScheduleEntry? DecodeSchedule(UnitName unit, MachineId machine, ByteString value)
    {
        if (TryDecodeHashAndTarget(value.Span, out var plainHash, out var plainTarget))
        {
            return new ScheduleEntry(unit, machine, plainHash, plainTarget);
        }

        var v = Decode(value, Json.ScheduleValue);
        return v is not null && UnitHash.TryParse(v.Hash, out var hash) && TargetStates.TryParse(v.Target, out var target)
            ? new ScheduleEntry(unit, machine, hash, target)
            : null;
    }

    public static ByteString EncodeMachine(MachineState machine) => Encode(new MachineValue
    {
        PublicIp = NullIfEmpty(machine.PublicIp),
        Metadata = machine.Metadata.Count == 0 ? null : new Dictionary<string, string>(machine.Metadata, StringComparer.Ordinal),
        Version = NullIfEmpty(machine.Version),
        DisableEngine = machine.DisableEngine,
        ApiEndpoint = NullIfEmpty(machine.ApiEndpoint),
    }, Json.MachineValue);

    public static MachineState? DecodeMachine(MachineId id, ByteString value)
    {
        var v = Decode(value, Json.MachineValue);
        return v is null ? null : new MachineState
        {
            Id = id,
            PublicIp = v.PublicIp ?? string.Empty,
            Metadata = (v.Metadata ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
            Version = v.Version ?? string.Empty,
            DisableEngine = v.DisableEngine,
            ApiEndpoint = v.ApiEndpoint ?? string.Empty,
        };
    }

    public static ByteString EncodeState(UnitStateRecord state) => Encode(new StateValue
    {
        Hash = state.Hash.Hex,
        Load = state.State.LoadState,
        Active = state.State.ActiveState,
        Sub = state.State.SubState,
        Reached = state.Reached.ToWire(),
    }, Json.StateValue);

    public static UnitStateRecord? DecodeState(UnitName unit, MachineId machine, ByteString value)
    {
        var v = Decode(value, Json.StateValue);
        return v is not null && UnitHash.TryParse(v.Hash, out var hash) && TargetStates.TryParse(v.Reached, out var reached)
            ? new UnitStateRecord(unit, machine, hash, new UnitState(v.Load, v.Active, v.Sub), reached)
            : null;
    }

    private static RequirementsValue? EncodeRequirements(UnitRequirements r) => r.Equals(UnitRequirements.None)
        ? null
        : new RequirementsValue
        {
            MachineId = r.MachineId,
            MachineOf = r.MachineOf.IsDefaultOrEmpty ? null : [.. r.MachineOf],
            MachineMetadata = r.MachineMetadata.Count == 0
                ? null
                : r.MachineMetadata.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            Conflicts = r.Conflicts.IsDefaultOrEmpty ? null : [.. r.Conflicts],
            Replaces = r.Replaces.IsDefaultOrEmpty ? null : [.. r.Replaces],
            Global = r.Global,
        };

    private static UnitRequirements DecodeRequirements(RequirementsValue? v) => v is null
        ? UnitRequirements.None
        : new UnitRequirements
        {
            MachineId = v.MachineId,
            MachineOf = [.. v.MachineOf ?? []],
            MachineMetadata = (v.MachineMetadata ?? [])
                .ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal),
            Conflicts = [.. v.Conflicts ?? []],
            Replaces = [.. v.Replaces ?? []],
            Global = v.Global,
        };

    /// <summary>Reads exactly what the encoders write for a schedule entry or a unit without requirements,
    /// <c>{"h":"&lt;40 hex&gt;","t":"&lt;target&gt;"}</c>, without the JSON serializer (a new leader decodes
    /// 200,000 of them). Anything else, however valid, is left to the serializer.</summary>
    internal static bool TryDecodeHashAndTarget(ReadOnlySpan<byte> value, out UnitHash hash, out TargetState target)
    {
        ReadOnlySpan<byte> head = "{\"h\":\""u8;
        ReadOnlySpan<byte> middle = "\",\"t\":\""u8;
        ReadOnlySpan<byte> tail = "\"}"u8;
        const int hexLength = 40;
        (hash, target) = (default, default);
        if (value.Length < head.Length + hexLength + middle.Length + tail.Length
            || !value.StartsWith(head) || !value.EndsWith(tail) || !value[(head.Length + hexLength)..].StartsWith(middle))
        {
            return false;
        }

        var word = value[(head.Length + hexLength + middle.Length)..^tail.Length];
        TargetState? parsed = word.SequenceEqual("launched"u8) ? TargetState.Launched
            : word.SequenceEqual("loaded"u8) ? TargetState.Loaded
            : word.SequenceEqual("inactive"u8) ? TargetState.Inactive
            : null;
        if (parsed is not { } state || !UnitHash.TryParse(Encoding.ASCII.GetString(value.Slice(head.Length, hexLength)), out hash))
        {
            return false;
        }

        target = state;
        return true;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static ByteString Encode<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, info));

    private static T? Decode<T>(ByteString value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(value.Span, info);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
