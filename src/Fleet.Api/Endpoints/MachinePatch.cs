using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Api.Contracts;
using Fleet.Api.Errors;
using Fleet.Core.Machines;

namespace Fleet.Api.Endpoints;

/// <summary>Parses and validates a <c>PATCH /fleet/v1/machines</c> body: every operation is checked before
/// any is applied, with fleet's messages.</summary>
internal static partial class MachinePatch
{
    /// <summary>Parses the body into edits, in order.</summary>
    public static bool TryParse(byte[] body, [NotNullWhen(true)] out List<MachineMetadataEdit>? edits, [NotNullWhen(false)] out string? error)
    {
        edits = null;
        List<MachinePatchOperationDto>? ops;
        try
        {
            ops = JsonSerializer.Deserialize(body, FleetJson.Context.ListMachinePatchOperationDto);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }

        var result = new List<MachineMetadataEdit>();
        foreach (var op in ops ?? [])
        {
            if (!TryParseOne(op, out var edit, out error))
            {
                return false;
            }

            result.Add(edit);
        }

        edits = result;
        error = null;
        return true;
    }

    private static bool TryParseOne(MachinePatchOperationDto? op, [NotNullWhen(true)] out MachineMetadataEdit? edit, [NotNullWhen(false)] out string? error)
    {
        edit = null;
        if (op?.Op is not ("add" or "remove" or "replace"))
        {
            error = FleetMessages.InvalidOp;
            return false;
        }

        var match = MetadataPath().Match(op.Path ?? string.Empty);
        if (!match.Success || !MachineId.TryParse(match.Groups[1].Value, out var machine))
        {
            error = FleetMessages.InvalidMetadataPath;
            return false;
        }

        if (!TryReadValue(op.Value, out var value, out error))
        {
            return false;
        }

        if (op.Op != "remove" && string.IsNullOrEmpty(value))
        {
            error = FleetMessages.ValueRequired;
            return false;
        }

        edit = new MachineMetadataEdit(machine, match.Groups[2].Value, op.Op == "remove" ? null : value);
        return true;
    }

    /// <summary>Accepts fleet's wrapped form <c>{"value":"x"}</c> (key in any case) and the documented plain <c>"x"</c>.</summary>
    private static bool TryReadValue(JsonElement? element, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var current = element;
        if (current is { ValueKind: JsonValueKind.Object } wrapper)
        {
            current = null;
            foreach (var property in wrapper.EnumerateObject())
            {
                if (string.Equals(property.Name, "value", StringComparison.OrdinalIgnoreCase))
                {
                    current = property.Value;
                }
            }
        }

        switch (current?.ValueKind)
        {
            case null or JsonValueKind.Null or JsonValueKind.Undefined:
                return true;
            case JsonValueKind.String:
                value = current.Value.GetString();
                return true;
            default:
                error = $"invalid value: expected a string or {{\"value\": <string>}}, got {current.Value.ValueKind.ToString().ToLowerInvariant()}";
                return false;
        }
    }

    [GeneratedRegex("^/([^/]+)/metadata/([A-Za-z0-9_.-]+$)", RegexOptions.CultureInvariant)]
    private static partial Regex MetadataPath();
}
