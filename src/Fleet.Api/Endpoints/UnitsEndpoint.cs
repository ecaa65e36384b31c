using Fleet.Api.Contracts;
using Fleet.Api.Errors;
using Fleet.Api.Paging;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Endpoints;

/// <summary><c>/fleet/v1/units</c> (GET a page) and <c>/fleet/v1/units/&lt;name&gt;</c> (GET, PUT, DELETE).</summary>
internal sealed partial class UnitsEndpoint(
    IUnitStore units,
    UnitViewReader views,
    UnitSubmission submission,
    IOptions<FleetApiOptions> options,
    ILogger<UnitsEndpoint> logger)
{
    /// <summary>Serves the collection path.</summary>
    public async Task<IResult> CollectionAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return FleetResults.Error(StatusCodes.Status405MethodNotAllowed, FleetMessages.OnlyGet);
        }

        if (!PageTokenReader.TryRead(context.Request.Query, (ushort)options.Value.TokenLimit, out var token, out var error))
        {
            return FleetResults.Error(StatusCodes.Status400BadRequest, error!); // TryRead sets error when it fails
        }

        var cancellationToken = context.RequestAborted;
        var all = (await units.ListAsync(cancellationToken)).Items;
        var page = Page<UnitRecord>.Cut(all, token);
        var dtos = await views.ReadAsync(page.Items, cancellationToken);
        return FleetResults.Ok(
            new UnitPageDto { Units = dtos.Count == 0 ? null : dtos, NextPageToken = page.Next?.Encode() },
            FleetJson.Context.UnitPageDto);
    }

    /// <summary>Serves an item path.</summary>
    public async Task<IResult> ItemAsync(HttpContext context)
    {
        var item = PathItem.Read(context);
        if (item is null)
        {
            return FleetResults.NotFoundPath();
        }

        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return await GetAsync(item, context.RequestAborted);
        }

        if (HttpMethods.IsDelete(method))
        {
            return await DeleteAsync(item, context.RequestAborted);
        }

        return HttpMethods.IsPut(method)
            ? await submission.PutAsync(context, item)
            : FleetResults.Error(StatusCodes.Status405MethodNotAllowed, FleetMessages.OnlyGetPutDelete);
    }

    private async Task<IResult> GetAsync(string item, CancellationToken cancellationToken)
    {
        // A name that is not valid cannot name a unit: it does not exist.
        var unit = UnitName.TryParse(item, out var name, out _) ? await views.ReadOneAsync(name, cancellationToken) : null;
        return unit is null
            ? FleetResults.Error(StatusCodes.Status404NotFound, FleetMessages.UnitDoesNotExist)
            : FleetResults.Ok(unit, FleetJson.Context.UnitDto);
    }

    private async Task<IResult> DeleteAsync(string item, CancellationToken cancellationToken)
    {
        if (!UnitName.TryParse(item, out var name, out _) || !await units.TryDeleteAsync(name, cancellationToken))
        {
            return FleetResults.Error(StatusCodes.Status404NotFound, FleetMessages.UnitDoesNotExist);
        }

        Log.UnitDestroyed(logger, name);
        return FleetResults.NoContent;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ApiEventIds.UnitDestroyed, Level = LogLevel.Information, Message = "Unit {UnitName} destroyed")]
        public static partial void UnitDestroyed(ILogger logger, UnitName unitName);
    }
}
