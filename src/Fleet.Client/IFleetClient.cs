using Fleet.Client.Contracts;

namespace Fleet.Client;

/// <summary>Typed client for fleet's HTTP API v1.</summary>
/// <remarks>
/// List methods follow <c>nextPageToken</c> until the last page. Every method throws
/// <see cref="FleetEndpointUnreachableException"/> when the endpoint cannot be reached and
/// <see cref="FleetApiException"/> when the server answers with an error (other than the 404s that the
/// <c>Get</c>/<c>Destroy</c> methods report through their return value).
/// </remarks>
public interface IFleetClient
{
    /// <summary>The endpoint this client talks to.</summary>
    FleetEndpoint Endpoint { get; }

    /// <summary>All units, sorted by name (<c>GET /fleet/v1/units</c>).</summary>
    Task<IReadOnlyList<Unit>> ListUnitsAsync(CancellationToken cancellationToken);

    /// <summary>One unit (<c>GET /fleet/v1/units/&lt;name&gt;</c>).</summary>
    /// <returns>The unit, or null when the server answers 404.</returns>
    Task<Unit?> GetUnitAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a unit from its options (<c>PUT</c> with only name and options; the server creates it
    /// <c>inactive</c>, or replaces a unit whose options differ).</summary>
    Task CreateUnitAsync(string name, IReadOnlyList<UnitOption> options, CancellationToken cancellationToken);

    /// <summary>Sets a unit's desired state (<c>PUT {name, desiredState}</c>).</summary>
    Task SetUnitTargetStateAsync(string name, string desiredState, CancellationToken cancellationToken);

    /// <summary>Destroys a unit (<c>DELETE /fleet/v1/units/&lt;name&gt;</c>).</summary>
    /// <returns>False when the unit did not exist (404).</returns>
    Task<bool> DestroyUnitAsync(string name, CancellationToken cancellationToken);

    /// <summary>All unit states, sorted by unit then machine (<c>GET /fleet/v1/state</c>), optionally filtered.</summary>
    Task<IReadOnlyList<UnitState>> ListUnitStatesAsync(string? unitName, string? machineId, CancellationToken cancellationToken);

    /// <summary>The first state reported for a unit (<c>GET /fleet/v1/state/&lt;name&gt;</c>).</summary>
    /// <returns>The state, or null when the server answers 404.</returns>
    Task<UnitState?> GetUnitStateAsync(string name, CancellationToken cancellationToken);

    /// <summary>All live machines sorted by ID (<c>GET /fleet/v1/machines</c>).</summary>
    Task<IReadOnlyList<Machine>> ListMachinesAsync(CancellationToken cancellationToken);

    /// <summary>systemd's status text of a unit on its machine (<c>GET /fleet/v1/units/&lt;name&gt;/status</c>).</summary>
    Task<string> GetUnitStatusAsync(string name, CancellationToken cancellationToken);

    /// <summary>Streams a unit's journal (<c>GET /fleet/v1/units/&lt;name&gt;/journal</c>) into
    /// <paramref name="destination"/> until the server ends the response or the token is cancelled.</summary>
    Task StreamJournalAsync(string name, JournalRequest request, TextWriter destination, CancellationToken cancellationToken);
}
