using System.Text.Json;
using Fleet.Api.Contracts;
using Fleet.Api.Errors;
using Fleet.Api.Validation;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Endpoints;

/// <summary><c>PUT /fleet/v1/units/&lt;name&gt;</c>: fleet's create-or-update algorithm (reference §2.3), with
/// its bugs fixed: an invalid desiredState is refused with 400 (never stored), a template cannot be created
/// already loaded or launched, and every problem of a unit file is reported in one message.</summary>
internal sealed partial class UnitSubmission(
    IUnitStore units,
    IUnitValidator validator,
    IOptions<FleetApiOptions> options,
    ILogger<UnitSubmission> logger)
{
    /// <summary>Creates, replaces or changes the desired state of the unit named <paramref name="item"/>.</summary>
    /// <returns>201 when created or replaced, 204 when the desired state was set, else fleet's error.</returns>
    public async Task<IResult> PutAsync(HttpContext context, string item)
    {
        var contentTypeError = CheckContentType(context.Request);
        if (contentTypeError is not null)
        {
            return FleetResults.Error(StatusCodes.Status415UnsupportedMediaType, contentTypeError);
        }

        var cancellationToken = context.RequestAborted;
        var (body, tooLarge) = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!TryDecode(body!, out var unit, out var decodeError)) // body is set when no error was returned
        {
            return BadRequest(FleetMessages.DecodeBody(decodeError));
        }

        var submittedName = string.IsNullOrEmpty(unit.Name) ? item : unit.Name;
        if (submittedName != item)
        {
            return BadRequest(FleetMessages.NameMismatch(item, submittedName));
        }

        if (!UnitName.TryParse(submittedName, out var name, out var nameError))
        {
            return BadRequest(nameError);
        }

        TargetState? desired = null;
        if (!string.IsNullOrEmpty(unit.DesiredState))
        {
            if (!TargetStates.TryParse(unit.DesiredState, out var parsed))
            {
                return BadRequest(FleetMessages.InvalidDesiredState(unit.DesiredState));
            }

            desired = parsed;
        }

        return await ApplyAsync(name, unit.Options, desired, cancellationToken);
    }

    private async Task<IResult> ApplyAsync(UnitName name, IList<UnitOptionDto>? options, TargetState? desired, CancellationToken cancellationToken)
    {
        var existing = await units.GetAsync(name, cancellationToken);
        var hasOptions = options is { Count: > 0 };
        if (existing is null && !hasOptions)
        {
            return FleetResults.Error(StatusCodes.Status409Conflict, FleetMessages.CreateWithoutOptions);
        }

        if (name.IsTemplate && desired is not null and not TargetState.Inactive)
        {
            return BadRequest(FleetMessages.CannotActivateTemplate(name.Value));
        }

        if (hasOptions)
        {
            var file = UnitFile.FromOptions(options!.Select(WireMapper.ToDomain)); // hasOptions implies non-null
            if (existing is null || existing.Hash != file.Hash)
            {
                return await CreateAsync(name, file, desired ?? TargetState.Inactive, cancellationToken);
            }
        }

        if (desired is null)
        {
            return FleetResults.Error(StatusCodes.Status409Conflict, FleetMessages.UpdateWithoutDesiredState);
        }

        if (!await units.TrySetTargetStateAsync(name, desired.Value, cancellationToken))
        {
            return FleetResults.Error(StatusCodes.Status404NotFound, FleetMessages.UnitDoesNotExist);
        }

        Log.UnitTargetStateSet(logger, name, desired.Value);
        return FleetResults.NoContent;
    }

    private async Task<IResult> CreateAsync(UnitName name, UnitFile file, TargetState desired, CancellationToken cancellationToken)
    {
        var validation = validator.Validate(name, file);
        if (!validation.IsValid)
        {
            return BadRequest(string.Join("; ", validation.Errors));
        }

        await units.PutAsync(new UnitRecord(name, file.Hash, desired, validation.Requirements), file, cancellationToken);
        Log.UnitCreated(logger, name, file.Hash, desired);
        return FleetResults.Created;
    }

    private static string? CheckContentType(HttpRequest request)
    {
        var values = request.Headers.ContentType;
        if (values.Count != 1)
        {
            return FleetMessages.ContentTypeCount(values.Count);
        }

        var mediaType = (values[0] ?? string.Empty).Split(';', 2)[0].Trim();
        return mediaType == FleetMediaTypes.Json ? null : FleetMessages.OnlyJson;
    }

    private static bool TryDecode(byte[] body, out UnitDto unit, out string error)
    {
        unit = new UnitDto();
        error = string.Empty;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "EOF"; // Go's decoder on an empty body
            return false;
        }

        try
        {
            unit = JsonSerializer.Deserialize(body, FleetJson.Context.UnitDto) ?? unit;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static FleetJsonResult<ErrorResponseDto> BadRequest(string message) =>
        FleetResults.Error(StatusCodes.Status400BadRequest, message);

    private static partial class Log
    {
        [LoggerMessage(EventId = ApiEventIds.UnitCreated, Level = LogLevel.Information,
            Message = "Unit {UnitName} submitted with hash {UnitHash}, desired state {TargetState}")]
        public static partial void UnitCreated(ILogger logger, UnitName unitName, UnitHash unitHash, TargetState targetState);

        [LoggerMessage(EventId = ApiEventIds.UnitTargetStateSet, Level = LogLevel.Information,
            Message = "Unit {UnitName} desired state set to {TargetState}")]
        public static partial void UnitTargetStateSet(ILogger logger, UnitName unitName, TargetState targetState);
    }
}
