using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fleet.Api.Hosting;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Api.Tests.Support;

/// <summary>A real Kestrel server with the API on a free loopback port (or given listeners), over an
/// in-memory registry, and helpers to arrange cluster state through the store contracts.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IAsyncDisposable> _sessions = [];
    private ILeadership? _leadership;

    private ApiServer(WebApplication app, InMemoryRegistry registry, FakeTimeProvider time)
    {
        _app = app;
        Registry = registry;
        Time = time;
    }

    public InMemoryRegistry Registry { get; }

    public FakeTimeProvider Time { get; }

    public FleetApiReadiness Readiness => _app.Services.GetRequiredService<FleetApiReadiness>();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<string> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    public static async Task<ApiServer> StartAsync(Action<FleetApiOptions>? configure = null, string? apiListen = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var registry = InMemoryRegistry.Create(time);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            var addresses = ApiListenAddress.ParseList(apiListen ?? "http://127.0.0.1:0");
            k.ListenFleetApi(addresses, []);
            k.AddServerHeader = false;
        });
        builder.Services.AddSingleton(registry.Units);
        builder.Services.AddSingleton(registry.Schedule);
        builder.Services.AddSingleton(registry.Machines);
        builder.Services.AddSingleton(registry.UnitStates);
        builder.Services.AddFleetApi(o =>
        {
            o.ServerVersion = "9.9.9-test";
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapFleetApiV1();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var server = new ApiServer(app, registry, time);
        var tcp = server.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal) && !a.Contains("unix", StringComparison.Ordinal));
        if (tcp is not null)
        {
            server.BaseAddress = new Uri(tcp.TrimEnd('/') + "/");
        }

        return server;
    }

    public HttpClient CreateClient(bool decompress = true) =>
        new(new SocketsHttpHandler { AutomaticDecompression = decompress ? DecompressionMethods.GZip : DecompressionMethods.None })
        {
            BaseAddress = BaseAddress,
        };

    public static HttpClient CreateUnixClient(string socketPath) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        {
            BaseAddress = new Uri("http://localhost/"),
        };

    /// <summary>Submits a unit through the store (not the API).</summary>
    public async Task<UnitRecord> PutUnitAsync(string name, TargetState target = TargetState.Inactive, params (string Section, string Name, string Value)[] options)
    {
        var file = UnitFile.FromOptions((options.Length == 0 ? [("Service", "ExecStart", "/bin/sleep 100")] : options)
            .Select(o => new UnitOption(o.Section, o.Name, o.Value)));
        var global = file.Values("X-Fleet", "Global").Any(v => v == "true");
        var record = new UnitRecord(UnitName.Parse(name), file.Hash, target, UnitRequirements.None with { Global = global });
        await Registry.Units.PutAsync(record, file, TestContext.Current.CancellationToken);
        return record;
    }

    public async Task<IMachineSession> RegisterMachineAsync(string id, string ip = "", params (string Key, string Value)[] metadata)
    {
        var state = new MachineState
        {
            Id = MachineId.Parse(id),
            PublicIp = ip,
            Metadata = metadata.ToDictionary(m => m.Key, m => m.Value).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
        var session = await Registry.Machines.TryRegisterAsync(state, TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"machine {id} is already registered");
        _sessions.Add(session);
        return session;
    }

    public async Task ScheduleAsync(UnitRecord unit, string machine)
    {
        _leadership ??= await Registry.Leaders.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);
        var entry = new ScheduleEntry(unit.Name, MachineId.Parse(machine), unit.Hash, unit.TargetState == TargetState.Inactive ? TargetState.Loaded : unit.TargetState);
        Assert.True(await Registry.Schedule.TryApplyAsync(_leadership.Fence, [ScheduleWrite.Put(entry)], TestContext.Current.CancellationToken));
    }

    public async Task PublishStateAsync(IMachineSession session, UnitRecord unit, TargetState reached, string load = "loaded", string active = "active", string sub = "running")
    {
        var state = new UnitStateRecord(unit.Name, session.Machine, unit.Hash, new UnitState(load, active, sub), reached);
        Assert.True(await Registry.UnitStates.TryPublishAsync(session, state, TestContext.Current.CancellationToken));
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("{\"error\":{\"code\":", body, StringComparison.Ordinal);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_leadership is not null)
        {
            await _leadership.DisposeAsync();
        }

        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        Registry.Dispose();
    }
}
