using Fleet.Api.Contracts;
using Fleet.Api.Errors;
using Fleet.Api.Paging;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Endpoints;

/// <summary><c>/fleet/v1/state[?machineID=&amp;unitName=&amp;nextPageToken=]</c> (a page of unit states, exact-match
/// filters) and <c>/fleet/v1/state/&lt;name&gt;</c> (the first state of a unit, 404 when it has none).</summary>
internal sealed class StateEndpoint(IUnitStateStore states, IOptions<FleetApiOptions> options)
{
    /// <summary>Serves the collection path.</summary>
    public async Task<IResult> CollectionAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return FleetResults.Error(StatusCodes.Status405MethodNotAllowed, FleetMessages.OnlyGet);
        }

        var query = context.Request.Query;
        if (!PageTokenReader.TryRead(query, (ushort)options.Value.TokenLimit, out var token, out var error))
        {
            return FleetResults.Error(StatusCodes.Status400BadRequest, error!); // TryRead sets error when it fails
        }

        string? machine = query["machineID"].FirstOrDefault();
        string? unit = query["unitName"].FirstOrDefault();
        var all = (await states.ListAsync(context.RequestAborted)).Items
            .Where(s => (string.IsNullOrEmpty(machine) || s.Machine.Value == machine) && (string.IsNullOrEmpty(unit) || s.Unit.Value == unit))
            .ToList();
        var page = Page<UnitStateRecord>.Cut(all, token);
        return FleetResults.Ok(
            new UnitStatePageDto
            {
                States = page.Items.Count == 0 ? null : [.. page.Items.Select(WireMapper.ToDto)],
                NextPageToken = page.Next?.Encode(),
            },
            FleetJson.Context.UnitStatePageDto);
    }

    /// <summary>Serves an item path.</summary>
    public async Task<IResult> ItemAsync(HttpContext context)
    {
        var item = PathItem.Read(context);
        if (item is null)
        {
            return FleetResults.NotFoundPath();
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return FleetResults.Error(StatusCodes.Status405MethodNotAllowed, FleetMessages.OnlyGet);
        }

        var found = UnitName.TryParse(item, out var name, out _)
            ? await states.ListUnitAsync(name, context.RequestAborted)
            : [];
        var state = found.Count > 0 ? found[0] : null;
        return state is null
            ? FleetResults.Error(StatusCodes.Status404NotFound, FleetMessages.UnitStateDoesNotExist)
            : FleetResults.Ok(WireMapper.ToDto(state), FleetJson.Context.UnitStateDto);
    }
}
