using Fleet.Api.Contracts;
using Fleet.Api.Errors;
using Fleet.Api.Paging;
using Fleet.Core.Machines;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Endpoints;

/// <summary><c>/fleet/v1/machines</c>: GET a page of present machines, PATCH dynamic metadata.</summary>
internal sealed partial class MachinesEndpoint(IMachineStore machines, IOptions<FleetApiOptions> options, ILogger<MachinesEndpoint> logger)
{
    /// <summary>Serves the collection path.</summary>
    public async Task<IResult> CollectionAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return await ListAsync(context);
        }

        return HttpMethods.IsPatch(method)
            ? await PatchAsync(context)
            : FleetResults.Error(StatusCodes.Status405MethodNotAllowed, FleetMessages.OnlyGetPatch);
    }

    private async Task<IResult> ListAsync(HttpContext context)
    {
        if (!PageTokenReader.TryRead(context.Request.Query, (ushort)options.Value.TokenLimit, out var token, out var error))
        {
            return FleetResults.Error(StatusCodes.Status400BadRequest, error!); // TryRead sets error when it fails
        }

        var all = (await machines.ListAsync(context.RequestAborted)).Items;
        var page = Page<MachineState>.Cut(all, token);
        return FleetResults.Ok(
            new MachinePageDto
            {
                Machines = page.Items.Count == 0 ? null : [.. page.Items.Select(WireMapper.ToDto)],
                NextPageToken = page.Next?.Encode(),
            },
            FleetJson.Context.MachinePageDto);
    }

    private async Task<IResult> PatchAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var (body, tooLarge) = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!MachinePatch.TryParse(body!, out var edits, out var error)) // body is set when no error was returned
        {
            return FleetResults.Error(StatusCodes.Status400BadRequest, error);
        }

        foreach (var edit in edits)
        {
            await machines.SetMetadataAsync(edit.Machine, edit.Key, edit.Value, cancellationToken);
            Log.MetadataChanged(logger, edit.Machine, edit.Key, edit.Value ?? "(removed)");
        }

        return FleetResults.NoContentJson;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ApiEventIds.MachineMetadataChanged, Level = LogLevel.Information,
            Message = "Machine {MachineId} metadata {Key} set to {Value}")]
        public static partial void MetadataChanged(ILogger logger, MachineId machineId, string key, string value);
    }
}
