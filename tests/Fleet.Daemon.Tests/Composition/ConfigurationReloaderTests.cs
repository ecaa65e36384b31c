using Fleet.Core.Machines;
using Fleet.Daemon.Composition;
using Fleet.Daemon.Configuration;
using Fleet.Registry;
using Fleet.Registry.InMemory;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Tests.Composition;

[Trait("Category", "Unit")]
public sealed class ConfigurationReloaderTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-reload-").FullName;
    private readonly InMemoryRegistry _registry = InMemoryRegistry.Create(TimeProvider.System);
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly CapturingLogger _logger = new();
    private IMachineSession? _session;
    private LocalMachine? _local;
    private FleetConfig? _config;
    private int _announcements;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigPath => Path.Combine(_dir, "fleet.conf");

    public async ValueTask InitializeAsync()
    {
        File.WriteAllText(ConfigPath, "machine_id=reload1\npublic_ip=127.0.0.1\nmetadata=role=old,zone=a\napi_listen=http://0.0.0.0:4002\n");
        _config = FleetConfigLoader.Load(ConfigPath, _environment).Config ?? throw new InvalidOperationException("test config invalid");
        var state = LocalMachine.Describe(MachineId.Parse("reload1"), _config.PublicIp, _config.Metadata, disableEngine: false, apiEndpoint: "http://127.0.0.1:4002");
        _local = new LocalMachine(state);
        _session = await _registry.Machines.TryRegisterAsync(state, TimeSpan.FromMinutes(1), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private ConfigurationReloader CreateReloader(Func<CancellationToken, Task<bool>>? announce = null) =>
        new(ConfigPath, _environment, _local!, _config!, announce ?? AnnounceAsync, _logger);

    private async Task<bool> AnnounceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _announcements);
        return await _session!.TryUpdateAsync(_local!.Current, cancellationToken);
    }

    private async Task<MachineState> StoredAsync() => Assert.Single((await _registry.Machines.ListAsync(Ct)).Items);

    [Fact]
    public async Task ReloadAsync_MetadataAndIpChanged_ReannouncesUnderTheSamePresence()
    {
        var reloader = CreateReloader();
        File.WriteAllText(ConfigPath, "machine_id=reload1\npublic_ip=127.0.0.2\nmetadata=role=new,disk=ssd\napi_listen=http://0.0.0.0:4002\n");

        Assert.True(await reloader.ReloadAsync(Ct));

        var stored = await StoredAsync();
        Assert.Equal("127.0.0.2", stored.PublicIp);
        Assert.Equal(new Dictionary<string, string> { ["disk"] = "ssd", ["role"] = "new" }, stored.Metadata);
        Assert.Equal("127.0.0.2", _local!.Current.PublicIp);
        Assert.Equal("http://127.0.0.2:4002", stored.ApiEndpoint);
        Assert.False(_session!.Lost.IsCancellationRequested);
        Assert.Equal(1, _announcements);
        Assert.Contains(_logger.Messages, m => m.StartsWith("Reloading configuration from " + ConfigPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReloadAsync_InvalidFile_KeepsTheRunningStateAndSaysWhy()
    {
        var reloader = CreateReloader();
        File.WriteAllText(ConfigPath, "machine_id=reload1\nmetadata=role=new\nagent_ttl=soon\n");

        Assert.False(await reloader.ReloadAsync(Ct));

        Assert.Equal("old", (await StoredAsync()).Metadata["role"]);
        Assert.Equal("old", _local!.Current.Metadata["role"]);
        Assert.Equal(0, _announcements);
        Assert.Contains(_logger.Messages, m => m.StartsWith("Reloaded configuration is invalid, keeping the running one:", StringComparison.Ordinal) && m.Contains("agent_ttl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReloadAsync_NothingLiveChanged_DoesNotAnnounceAndNamesRestartOnlyOptions()
    {
        var reloader = CreateReloader();
        File.WriteAllText(ConfigPath, "machine_id=reload1\npublic_ip=127.0.0.1\nmetadata=zone=a,role=old\nagent_ttl=10s\napi_listen=http://0.0.0.0:4002\n");

        Assert.True(await reloader.ReloadAsync(Ct));

        Assert.Equal(0, _announcements);
        Assert.Contains("Changed options take effect only after a restart: agent_ttl", _logger.Messages);
    }

    [Fact]
    public async Task ReloadAsync_StoreUnreachable_LogsAndAnnouncesAgainOnTheNextReload()
    {
        var fail = true;
        var reloader = CreateReloader(async ct => fail ? throw new RegistryUnavailableException("test: etcd down") : await AnnounceAsync(ct));
        File.WriteAllText(ConfigPath, "machine_id=reload1\npublic_ip=127.0.0.1\nmetadata=role=new\n");

        Assert.True(await reloader.ReloadAsync(Ct));
        Assert.Equal("old", (await StoredAsync()).Metadata["role"]);
        Assert.Contains(_logger.Messages, m => m.StartsWith("Could not re-announce the machine", StringComparison.Ordinal));

        fail = false;
        Assert.True(await reloader.ReloadAsync(Ct));

        Assert.Equal("new", (await StoredAsync()).Metadata["role"]);
    }

    [Fact]
    public async Task Request_SeveralSignals_AreCarriedOutByTheHostedLoop()
    {
        using var reloader = CreateReloader();
        await reloader.StartAsync(Ct);
        File.WriteAllText(ConfigPath, "machine_id=reload1\npublic_ip=127.0.0.1\nmetadata=role=signalled\n");

        for (var i = 0; i < 5; i++)
        {
            reloader.Request();
        }

        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        while ((await StoredAsync()).Metadata["role"] != "signalled")
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the requested reload did not happen within 10 s");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, Ct);
        }

        await reloader.StopAsync(Ct);
        Assert.InRange(_logger.Messages.Count(m => m.StartsWith("Reloading configuration", StringComparison.Ordinal)), 1, 5);
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
