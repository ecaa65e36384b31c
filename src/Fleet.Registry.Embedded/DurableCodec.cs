using System.Collections.Immutable;
using System.Text.Json;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry.InMemory;

namespace Fleet.Registry.Embedded;

/// <summary>JSON forms of the durable values, chosen by key prefix (see <see cref="RegistryKeys"/>).</summary>
internal static class DurableCodec
{
    public static void Write(Utf8JsonWriter writer, string key, object value)
    {
        switch (value)
        {
            case UnitRecord unit:
                writer.WriteStartObject();
                writer.WriteString("name", unit.Name.Value);
                writer.WriteString("hash", unit.Hash.Hex);
                writer.WriteString("targetState", unit.TargetState.ToString());
                WriteRequirements(writer, unit.Requirements);
                writer.WriteEndObject();
                break;
            case UnitFile file:
                writer.WriteStartArray();
                foreach (var option in file.Options)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(option.Section);
                    writer.WriteStringValue(option.Name);
                    writer.WriteStringValue(option.Value);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                break;
            case ScheduleEntry entry:
                writer.WriteStartObject();
                writer.WriteString("unit", entry.Unit.Value);
                writer.WriteString("machine", entry.Machine.Value);
                writer.WriteString("hash", entry.Hash.Hex);
                writer.WriteString("targetState", entry.TargetState.ToString());
                writer.WriteEndObject();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                throw new InvalidOperationException($"Key '{key}' holds a {value.GetType().Name}, which the embedded store cannot persist.");
        }
    }

    public static object Read(string key, JsonElement json)
    {
        if (key.StartsWith(RegistryKeys.Units, StringComparison.Ordinal))
        {
            return new UnitRecord(
                UnitName.Parse(json.GetProperty("name").GetString()!),
                ParseHash(json.GetProperty("hash").GetString()),
                Enum.Parse<TargetState>(json.GetProperty("targetState").GetString()!),
                ReadRequirements(json.GetProperty("requirements")));
        }

        if (key.StartsWith(RegistryKeys.Bodies, StringComparison.Ordinal))
        {
            return UnitFile.FromOptions(json.EnumerateArray().Select(o =>
                new UnitOption(o[0].GetString()!, o[1].GetString()!, o[2].GetString()!)));
        }

        if (key.StartsWith(RegistryKeys.Schedule, StringComparison.Ordinal))
        {
            return new ScheduleEntry(
                UnitName.Parse(json.GetProperty("unit").GetString()!),
                MachineId.Parse(json.GetProperty("machine").GetString()!),
                ParseHash(json.GetProperty("hash").GetString()),
                Enum.Parse<TargetState>(json.GetProperty("targetState").GetString()!));
        }

        if (key.StartsWith(RegistryKeys.Metadata, StringComparison.Ordinal))
        {
            return json.GetString()!;
        }

        throw new InvalidDataException($"Key '{key}' is not one the embedded store persists.");
    }

    private static void WriteRequirements(Utf8JsonWriter writer, UnitRequirements requirements)
    {
        writer.WriteStartObject("requirements");
        if (requirements.MachineId is not null)
        {
            writer.WriteString("machineId", requirements.MachineId);
        }

        WriteStrings(writer, "machineOf", requirements.MachineOf);
        writer.WriteStartObject("machineMetadata");
        foreach (var (name, values) in requirements.MachineMetadata)
        {
            WriteStrings(writer, name, values);
        }

        writer.WriteEndObject();
        WriteStrings(writer, "conflicts", requirements.Conflicts);
        WriteStrings(writer, "replaces", requirements.Replaces);
        writer.WriteBoolean("global", requirements.Global);
        writer.WriteEndObject();
    }

    private static UnitRequirements ReadRequirements(JsonElement json) => new()
    {
        MachineId = json.TryGetProperty("machineId", out var machineId) ? machineId.GetString() : null,
        MachineOf = ReadStrings(json.GetProperty("machineOf")),
        MachineMetadata = ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal,
            json.GetProperty("machineMetadata").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ReadStrings(p.Value)))),
        Conflicts = ReadStrings(json.GetProperty("conflicts")),
        Replaces = ReadStrings(json.GetProperty("replaces")),
        Global = json.GetProperty("global").GetBoolean(),
    };

    private static void WriteStrings(Utf8JsonWriter writer, string name, ImmutableArray<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static ImmutableArray<string> ReadStrings(JsonElement json) => [.. json.EnumerateArray().Select(v => v.GetString()!)];

    private static UnitHash ParseHash(string? hex) =>
        UnitHash.TryParse(hex, out var hash) ? hash : throw new InvalidDataException($"'{hex}' is not a unit hash.");
}
