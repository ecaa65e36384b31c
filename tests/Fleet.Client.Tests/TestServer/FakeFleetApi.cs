using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Client.Tests.TestServer;

/// <summary>A small test double of fleet's HTTP API v1 wire contract (reference §2), served by a real
/// Kestrel on a loopback port or a unix socket. Its data is fleet-format JSON (Fixtures/*.json) kept as
/// JSON nodes, so what goes over the wire is exactly what the fixtures say.</summary>
public sealed class FakeFleetApi : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _units;
    private readonly List<JsonObject> _states;
    private readonly List<JsonObject> _machines;
    private readonly List<string> _requests = [];
    private WebApplication? _app;

    private FakeFleetApi(List<JsonObject> units, List<JsonObject> states, List<JsonObject> machines)
    {
        _units = units;
        _states = states;
        _machines = machines;
    }

    /// <summary>Page size (fleet's token_limit).</summary>
    public int TokenLimit { get; set; } = 100;

    /// <summary>When true every request gets fleet's 503 (etcd unreachable).</summary>
    public bool Unavailable { get; set; }

    /// <summary>When true, a desired state change moves the current state at once (as a healthy agent
    /// would, minus the delay); when false the test moves states itself.</summary>
    public bool AgentFollowsDesiredState { get; set; } = true;

    /// <summary>systemd active state reported for launched units by the simulated agent.</summary>
    public string LaunchedActiveState { get; set; } = "active";

    /// <summary>When set, <c>/status</c> and <c>/journal</c> answer this error instead (404 with no message is
    /// what coreos/fleet's server, which has no such routes, answers).</summary>
    public (int Status, string Message)? UnitLogsError { get; set; }

    /// <summary>Journal lines served by <c>/journal</c>.</summary>
    public IReadOnlyList<string> JournalLines { get; set; } = ["-- Logs begin --", "Hello, world", "Hello, world"];

    /// <summary>The base URL (<c>http://127.0.0.1:port</c>) or <c>unix://path</c> endpoint.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Every request as <c>METHOD path?query</c>, in arrival order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server with the recorded fixture cluster (or an empty one).</summary>
    public static async Task<FakeFleetApi> StartAsync(bool withFixtures = true, string? unixSocketPath = null)
    {
        var api = withFixtures
            ? new FakeFleetApi(Load("units.json", "units"), Load("states.json", "states"), Load("machines.json", "machines"))
            : new FakeFleetApi([], [], []);
        await api.StartServerAsync(unixSocketPath);
        return api;
    }

    /// <summary>Reads a fixture file's array.</summary>
    public static List<JsonObject> Load(string file, string property)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)))!.AsObject();
        return [.. root[property]!.AsArray().Select(n => n!.AsObject())];
    }

    /// <summary>The unit as stored, or null.</summary>
    public JsonObject? Unit(string name)
    {
        lock (_gate)
        {
            return _units.FirstOrDefault(u => (string?)u["name"] == name)?.DeepClone().AsObject();
        }
    }

    /// <summary>Sets a unit's current state (and machine) as an agent report would.</summary>
    public void SetCurrentState(string name, string currentState, string? machineId = null)
    {
        lock (_gate)
        {
            var unit = _units.First(u => (string?)u["name"] == name);
            unit["currentState"] = currentState;
            if (machineId is not null)
            {
                unit["machineID"] = machineId;
            }
        }
    }

    /// <summary>Sets the systemd state a machine reports for a unit.</summary>
    public void SetSystemdState(string name, string machineId, string load, string active, string sub)
    {
        lock (_gate)
        {
            _states.RemoveAll(s => (string?)s["name"] == name && (string?)s["machineID"] == machineId);
            var unit = _units.FirstOrDefault(u => (string?)u["name"] == name);
            _states.Add(new JsonObject
            {
                ["hash"] = unit is null ? null : HashOf(unit["options"] as JsonArray),
                ["machineID"] = machineId,
                ["name"] = name,
                ["systemdActiveState"] = active,
                ["systemdLoadState"] = load,
                ["systemdSubState"] = sub,
            });
            _states.Sort(CompareStates);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task StartServerAsync(string? unixSocketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            if (unixSocketPath is null)
            {
                o.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                o.ListenUnixSocket(unixSocketPath);
            }
        });
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            lock (_gate)
            {
                _requests.Add($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            }

            http.Response.Headers.Server = "fleetd/fake";
            if (Unavailable)
            {
                await Error(http, 503, "fleet server unable to communicate with etcd");
                return;
            }

            await next(http);
        });
        app.MapGet("/fleet/v1/units", http => Page(http, "units", Snapshot(_units)));
        app.MapGet("/fleet/v1/machines", http => Page(http, "machines", Snapshot(_machines)));
        app.MapGet("/fleet/v1/state", ListStates);
        app.MapGet("/fleet/v1/state/{name}", GetState);
        app.MapGet("/fleet/v1/units/{name}", GetUnit);
        app.MapPut("/fleet/v1/units/{name}", PutUnit);
        app.MapDelete("/fleet/v1/units/{name}", DeleteUnit);
        app.MapGet("/fleet/v1/units/{name}/status", Status);
        app.MapGet("/fleet/v1/units/{name}/journal", Journal);
        await app.StartAsync();
        _app = app;
        Endpoint = unixSocketPath is null
            ? app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : "unix://" + unixSocketPath;
    }

    private List<JsonObject> Snapshot(List<JsonObject> items)
    {
        lock (_gate)
        {
            return [.. items.Select(i => i.DeepClone().AsObject())];
        }
    }

    private Task ListStates(HttpContext http)
    {
        var unitName = http.Request.Query["unitName"].FirstOrDefault();
        var machineId = http.Request.Query["machineID"].FirstOrDefault();
        var states = Snapshot(_states)
            .Where(s => unitName is null || (string?)s["name"] == unitName)
            .Where(s => machineId is null || (string?)s["machineID"] == machineId)
            .ToList();
        return Page(http, "states", states);
    }

    private Task GetState(HttpContext http, string name)
    {
        var state = Snapshot(_states).FirstOrDefault(s => (string?)s["name"] == name);
        return state is null ? Error(http, 404, "unit state does not exist") : Json(http, 200, state);
    }

    private Task GetUnit(HttpContext http, string name)
    {
        var unit = Unit(name);
        return unit is null ? Error(http, 404, "unit does not exist") : Json(http, 200, unit);
    }

    private async Task PutUnit(HttpContext http, string name)
    {
        var contentType = http.Request.ContentType ?? string.Empty;
        if (contentType.Split(';')[0].Trim() != "application/json")
        {
            await Error(http, 415, "only acceptable Content-Type is application/json");
            return;
        }

        JsonObject body;
        try
        {
            body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        }
        catch (System.Text.Json.JsonException ex)
        {
            await Error(http, 400, $"unable to decode body: {ex.Message}");
            return;
        }

        var bodyName = (string?)body["name"] ?? name;
        if (bodyName != name)
        {
            await Error(http, 400, $"name in URL \"{name}\" differs from unit name in request body \"{bodyName}\"");
            return;
        }

        var (status, message) = Apply(name, body);
        if (status >= 400)
        {
            await Error(http, status, message);
            return;
        }

        http.Response.StatusCode = status;
    }

    private (int Status, string Message) Apply(string name, JsonObject body)
    {
        lock (_gate)
        {
            var options = body["options"] as JsonArray;
            var desired = (string?)body["desiredState"];
            var existing = _units.FirstOrDefault(u => (string?)u["name"] == name);
            var hasOptions = options is { Count: > 0 };
            if (existing is null || (hasOptions && HashOf(options) != HashOf(existing["options"] as JsonArray)))
            {
                if (!hasOptions)
                {
                    return (409, "unit does not exist and options field empty");
                }

                _units.RemoveAll(u => (string?)u["name"] == name);
                _units.Add(new JsonObject
                {
                    ["currentState"] = "inactive",
                    ["desiredState"] = desired ?? "inactive",
                    ["name"] = name,
                    ["options"] = options!.DeepClone(),
                });
                _units.Sort((a, b) => string.CompareOrdinal((string?)a["name"], (string?)b["name"]));
                Follow(name);
                return (201, string.Empty);
            }

            if (string.IsNullOrEmpty(desired))
            {
                return (409, "must provide DesiredState to update existing unit");
            }

            if (name.Contains("@.", StringComparison.Ordinal) && desired != "inactive")
            {
                return (400, $"cannot activate template \"{name}\"");
            }

            existing["desiredState"] = desired;
            Follow(name);
            return (204, string.Empty);
        }
    }

    // The simulated agent: current state and systemd state follow the desired state at once.
    private void Follow(string name)
    {
        if (!AgentFollowsDesiredState)
        {
            return;
        }

        var unit = _units.First(u => (string?)u["name"] == name);
        var desired = (string?)unit["desiredState"];
        var global = IsGlobal(unit);
        if (global)
        {
            unit.Remove("currentState");
            return;
        }

        unit["currentState"] = desired;
        _states.RemoveAll(s => (string?)s["name"] == name);
        if (desired == "inactive")
        {
            unit.Remove("machineID");
            return;
        }

        var machine = (string?)unit["machineID"] ?? (string?)_machines.FirstOrDefault()?["id"];
        if (machine is null)
        {
            return;
        }

        unit["machineID"] = machine;
        var launched = desired == "launched";
        _states.Add(new JsonObject
        {
            ["hash"] = HashOf(unit["options"] as JsonArray),
            ["machineID"] = machine,
            ["name"] = name,
            ["systemdActiveState"] = launched ? LaunchedActiveState : "inactive",
            ["systemdLoadState"] = "loaded",
            ["systemdSubState"] = launched ? "running" : "dead",
        });
        _states.Sort(CompareStates);
    }

    private async Task DeleteUnit(HttpContext http, string name)
    {
        bool removed;
        lock (_gate)
        {
            removed = _units.RemoveAll(u => (string?)u["name"] == name) > 0;
            _states.RemoveAll(s => (string?)s["name"] == name);
        }

        if (!removed)
        {
            await Error(http, 404, "unit does not exist");
            return;
        }

        http.Response.StatusCode = 204;
    }

    private async Task Status(HttpContext http, string name)
    {
        if (UnitLogsError is { } error)
        {
            await Error(http, error.Status, error.Message);
            return;
        }

        if (Unit(name) is null)
        {
            await Error(http, 404, "unit does not exist");
            return;
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"● {name} - status from the fake\n   Active: active (running)\n");
    }

    private async Task Journal(HttpContext http, string name)
    {
        if (UnitLogsError is { } error)
        {
            await Error(http, error.Status, error.Message);
            return;
        }

        if (Unit(name) is null)
        {
            await Error(http, 404, "unit does not exist");
            return;
        }

        var lines = int.TryParse(http.Request.Query["lines"], out var n) ? n : 10;
        http.Response.ContentType = "text/plain; charset=utf-8";
        foreach (var line in JournalLines.TakeLast(lines))
        {
            await http.Response.WriteAsync(line + "\n");
            await http.Response.Body.FlushAsync();
        }
    }

    private async Task Page(HttpContext http, string property, List<JsonObject> all)
    {
        var page = 1;
        var token = http.Request.Query["nextPageToken"].FirstOrDefault();
        if (token is not null)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/'));
            }
            catch (FormatException ex)
            {
                await Error(http, 400, ex.Message);
                return;
            }

            if (bytes.Length != 4 || BitConverter.ToUInt16(bytes, 0) != TokenLimit)
            {
                await Error(http, 400, $"token limit must be {TokenLimit}");
                return;
            }

            page = BitConverter.ToUInt16(bytes, 2);
        }

        var start = Math.Min((page - 1) * TokenLimit, all.Count);
        var items = all.Skip(start).Take(TokenLimit).ToList();
        var result = new JsonObject();
        if (items.Count > 0)
        {
            result[property] = new JsonArray([.. items]);
        }

        if (page * TokenLimit <= all.Count)
        {
            result["nextPageToken"] = Token(TokenLimit, page + 1);
        }

        await Json(http, 200, result);
    }

    /// <summary>fleet's page token: base64 URL alphabet of uint16 limit and uint16 page, little-endian.</summary>
    public static string Token(int limit, int page)
    {
        var bytes = new byte[4];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 2), (ushort)limit);
        BitConverter.TryWriteBytes(bytes.AsSpan(2, 2), (ushort)page);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    private static async Task Json(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext http, int status, string message) =>
        Json(http, status, new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["message"] = message } });

    private static int CompareStates(JsonObject a, JsonObject b)
    {
        var byName = string.CompareOrdinal((string?)a["name"], (string?)b["name"]);
        return byName != 0 ? byName : string.CompareOrdinal((string?)a["machineID"], (string?)b["machineID"]);
    }

    private static bool IsGlobal(JsonObject unit) =>
        (unit["options"] as JsonArray ?? []).Any(o =>
            (string?)o!["section"] == "X-Fleet" && (string?)o["name"] == "Global" && (string?)o["value"] == "true");

    /// <summary>fleet's unit hash of an options array (SHA-1 of go-systemd's serialisation).</summary>
    public static string HashOf(JsonArray? options)
    {
        var text = new StringBuilder();
        var list = (options ?? []).Select(o => (Section: (string)o!["section"]!, Name: (string)o["name"]!, Value: (string)o["value"]!)).ToList();
        var first = true;
        foreach (var section in list.Select(o => o.Section).Distinct())
        {
            text.Append(first ? string.Empty : "\n").Append('[').Append(section).Append("]\n");
            first = false;
            foreach (var option in list.Where(o => o.Section == section))
            {
                text.Append(option.Name).Append('=').Append(option.Value).Append('\n');
            }
        }

#pragma warning disable CA5350 // fleet's unit hash is SHA-1 by contract.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString())));
#pragma warning restore CA5350
    }
}
