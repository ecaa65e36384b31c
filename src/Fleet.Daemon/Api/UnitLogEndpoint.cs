using System.Globalization;
using Fleet.Agent.UnitManagement;
using Fleet.Api.Errors;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Api;

/// <summary>Answers <c>GET /fleet/v1/units/{name}/journal?lines=N[&amp;follow=true][&amp;output=MODE]</c> and
/// <c>GET /fleet/v1/units/{name}/status</c> (plain text): from this machine's unit manager when the unit runs
/// here, otherwise by forwarding to the machine that runs it.</summary>
/// <remarks>Contract: a method other than GET is 405; an invalid unit name or query value (including an
/// <c>output</c> that is not a journalctl mode, or one this machine's unit manager cannot produce) is 400 naming it;
/// a request forwarded by another fleetd (<see cref="UnitLogForwarder.ForwardedByHeader"/>) is always
/// answered here; a journal the unit manager cannot read (e.g. the unit is not loaded here) is 404 with its
/// reason, and a read failing after lines were sent breaks the connection; otherwise see
/// <see cref="UnitOwnerResolver"/> and <see cref="UnitLogForwarder"/>.</remarks>
internal sealed partial class UnitLogEndpoint(UnitOwnerResolver owners, UnitLogForwarder forwarder, IUnitJournal journal, ILocalMachine local, ILogger<UnitLogEndpoint> logger)
{
    /// <summary>The largest <c>lines</c> value accepted.</summary>
    public const int MaxLines = 100_000;

    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>Serves the unit's journal.</summary>
    public async Task<IResult> JournalAsync(HttpContext context, string name)
    {
        var cancellationToken = context.RequestAborted;
        if (Reject(context, name, out var unit) is { } rejected)
        {
            return rejected;
        }

        var query = context.Request.Query;
        if (!TryReadLines(query["lines"], out var lines))
        {
            return FleetApiErrors.Error(StatusCodes.Status400BadRequest,
                $"invalid lines value \"{query["lines"]}\": expected an integer from 0 to {MaxLines}");
        }

        if (!TryReadBool(query["follow"], out var follow))
        {
            return FleetApiErrors.Error(StatusCodes.Status400BadRequest, $"invalid follow value \"{query["follow"]}\": expected true or false");
        }

        if (!JournalOutput.TryParse(query["output"], out var output, out var outputProblem))
        {
            return FleetApiErrors.Error(StatusCodes.Status400BadRequest, outputProblem);
        }

        if (await ResolveAsync(context, unit, cancellationToken) is { IsLocal: false } owner)
        {
            return owner.Remote is { } machine
                ? await forwarder.ForwardAsync(context, machine, unit, "journal", cancellationToken)
                : FleetApiErrors.Error(owner.FailureStatus, owner.FailureMessage);
        }

        if (!journal.SupportsOutput(output))
        {
            return FleetApiErrors.Error(StatusCodes.Status400BadRequest,
                $"output mode {output} is not supported by the unit manager of machine {local.Current.Id}; machines that run units under systemd support every journalctl mode");
        }

        await using var lineReader = journal.ReadAsync(unit, lines, follow, output, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await lineReader.MoveNextAsync();
        }
        catch (UnitManagerException ex)
        {
            return FleetApiErrors.Error(StatusCodes.Status404NotFound, $"unit {unit} has no journal on machine {local.Current.Id}: {ex.Message}");
        }

        context.Response.ContentType = PlainText;
        await context.Response.StartAsync(cancellationToken);
        try
        {
            while (more)
            {
                await context.Response.WriteAsync(lineReader.Current + "\n", cancellationToken);
                if (follow)
                {
                    await context.Response.Body.FlushAsync(cancellationToken);
                }

                more = await lineReader.MoveNextAsync();
            }
        }
        catch (UnitManagerException ex)
        {
            // The answer has started: the only way left to say it is incomplete is to break the connection.
            Log.JournalBroken(logger, ex, unit.Value);
            context.Abort();
        }

        return Results.Empty;
    }

    /// <summary>Serves the unit's status text.</summary>
    public async Task<IResult> StatusAsync(HttpContext context, string name)
    {
        var cancellationToken = context.RequestAborted;
        if (Reject(context, name, out var unit) is { } rejected)
        {
            return rejected;
        }

        if (await ResolveAsync(context, unit, cancellationToken) is { IsLocal: false } owner)
        {
            return owner.Remote is { } machine
                ? await forwarder.ForwardAsync(context, machine, unit, "status", cancellationToken)
                : FleetApiErrors.Error(owner.FailureStatus, owner.FailureMessage);
        }

        return Results.Text(await journal.GetStatusTextAsync(unit, cancellationToken), PlainText);
    }

    private static IResult? Reject(HttpContext context, string name, out UnitName unit)
    {
        unit = default;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return FleetApiErrors.Error(StatusCodes.Status405MethodNotAllowed, "only GET supported against this resource");
        }

        return UnitName.TryParse(name, out unit, out var problem) ? null : FleetApiErrors.Error(StatusCodes.Status400BadRequest, problem);
    }

    private ValueTask<UnitOwner> ResolveAsync(HttpContext context, UnitName unit, CancellationToken cancellationToken) =>
        context.Request.Headers.ContainsKey(UnitLogForwarder.ForwardedByHeader)
            ? ValueTask.FromResult(UnitOwner.Local)
            : owners.ResolveAsync(unit, cancellationToken);

    private static bool TryReadLines(string? text, out int lines)
    {
        lines = 10;
        return string.IsNullOrEmpty(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lines) && lines <= MaxLines);
    }

    private static bool TryReadBool(string? text, out bool value)
    {
        value = false;
        if (string.IsNullOrEmpty(text) || bool.TryParse(text, out value))
        {
            return true;
        }

        value = text == "1";
        return text is "1" or "0";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Reading the journal of {Unit} failed after lines were sent; connection aborted")]
        public static partial void JournalBroken(ILogger logger, Exception exception, string unit);
    }
}
