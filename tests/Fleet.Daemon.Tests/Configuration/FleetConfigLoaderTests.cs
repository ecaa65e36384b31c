using Fleet.Daemon.Configuration;

namespace Fleet.Daemon.Tests.Configuration;

[Trait("Category", "Unit")]
public sealed class FleetConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(string text)
    {
        var path = Path.Combine(_dir, "fleet.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Load_NoFileNoEnv_GivesFleetDefaultsAndEmbeddedStore()
    {
        var result = FleetConfigLoader.Load(configPath: null, Env());

        var config = Assert.IsType<FleetConfig>(result.Config);
        Assert.Empty(config.EtcdServers);
        Assert.Equal(TimeSpan.FromSeconds(30), config.AgentTtl);
        Assert.Equal(TimeSpan.FromSeconds(2), config.EngineReconcileInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), config.EtcdRequestTimeout);
        Assert.Equal(100, config.TokenLimit);
        Assert.Equal("/_coreos.com/fleet/", config.EtcdKeyPrefix);
        Assert.Equal("/run/fleet/units/", config.UnitsDirectory);
        Assert.Equal(["unix:///var/run/fleet.sock"], config.ApiListen);
        Assert.Equal("auto", config.UnitManager);
    }

    [Fact]
    public void Load_FileValues_AreParsedInFleetForms()
    {
        var path = WriteConfig("""
            # a comment
            ; another
            etcd_servers=["http://127.0.0.1:2379","http://127.0.0.1:4001"]
            metadata="region=us-west,az = 1b ,bogus,az=1c"
            agent_ttl=3s
            engine_reconcile_interval=0.5
            disable_engine=true
            token_limit = 2
            public_ip='10.0.0.1'
            etcd_key_prefix=/fleet_functional/smoke # trailing comment
            """);

        var config = Assert.IsType<FleetConfig>(FleetConfigLoader.Load(path, Env()).Config);

        Assert.Equal(["http://127.0.0.1:2379", "http://127.0.0.1:4001"], config.EtcdServers);
        Assert.Equal("us-west", config.Metadata["region"]);
        Assert.Equal("1c", config.Metadata["az"]);
        Assert.Equal(2, config.Metadata.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), config.AgentTtl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.EngineReconcileInterval);
        Assert.True(config.DisableEngine);
        Assert.Equal(2, config.TokenLimit);
        Assert.Equal("10.0.0.1", config.PublicIp);
        Assert.Equal("/fleet_functional/smoke", config.EtcdKeyPrefix);
        Assert.Equal(path, config.SourceFile);
    }

    [Fact]
    public void Load_EnvironmentVariable_WinsOverFileEvenWhenEmpty()
    {
        var path = WriteConfig("metadata=a=b\nagent_ttl=10s\n");

        var config = Assert.IsType<FleetConfig>(
            FleetConfigLoader.Load(path, Env(("FLEET_METADATA", ""), ("FLEET_AGENT_TTL", "1m30s"))).Config);

        Assert.Empty(config.Metadata);
        Assert.Equal(TimeSpan.FromSeconds(90), config.AgentTtl);
    }

    [Fact]
    public void Load_SeveralBadOptions_ReportsEveryProblemAtOnce()
    {
        var path = WriteConfig("agent_ttl=soon\ntoken_limit=lots\ndisable_engine=maybe\nunit_manager=docker\napi_listen=tcp://x\n");

        var result = FleetConfigLoader.Load(path, Env(("FLEET_PUBLIC_IP", "not-an-ip")));

        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => e.Contains("agent_ttl", StringComparison.Ordinal) && e.Contains("\"soon\"", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("token_limit must be an integer", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("disable_engine must be true or false", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("unit_manager must be auto, systemd or process", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("api_listen entry \"tcp://x\"", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("public_ip \"not-an-ip\"", StringComparison.Ordinal));
        Assert.Equal(6, result.Errors.Count);
    }

    [Fact]
    public void Load_ConfigPathIsDirectory_IsAnError()
    {
        var result = FleetConfigLoader.Load(_dir, Env());

        Assert.Null(result.Config);
        Assert.Equal($"Provided config {_dir} is a directory, not a file", Assert.Single(result.Errors));
    }

    [Fact]
    public void Load_MissingConfigFile_IsAnErrorNamingIt()
    {
        var missing = Path.Combine(_dir, "nope.conf");

        var result = FleetConfigLoader.Load(missing, Env());

        Assert.StartsWith($"Unable to use config file {missing}: ", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeprecatedAndUnknownOptions_AreNoticesNotErrors()
    {
        var path = WriteConfig("verify_units=true\nfrobnicate=1\n");

        var result = FleetConfigLoader.Load(path, Env());

        Assert.NotNull(result.Config);
        Assert.Contains("Config option verify_units is no longer supported - ignoring", result.Notices);
        Assert.Contains(result.Notices, n => n.Contains("\"frobnicate\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_OptionsInsideSections_AreIgnoredAsFleetReadsOnlyTheGlobalSection()
    {
        var path = WriteConfig("agent_ttl=5s\n[other]\nagent_ttl=99s\n");

        var config = Assert.IsType<FleetConfig>(FleetConfigLoader.Load(path, Env()).Config);

        Assert.Equal(TimeSpan.FromSeconds(5), config.AgentTtl);
    }

    [Fact]
    public void ResolveMachineId_ConfiguredId_WinsOverFile()
    {
        var file = Path.Combine(_dir, "machine-id");
        File.WriteAllText(file, "0123456789abcdef0123456789abcdef\n");
        var config = new FleetConfig { MachineId = "m1" };

        Assert.Equal("m1", FleetConfigLoader.ResolveMachineId(config, file, out _)?.Value);
        Assert.Equal("0123456789abcdef0123456789abcdef", FleetConfigLoader.ResolveMachineId(new FleetConfig(), file, out _)?.Value);
    }

    [Fact]
    public void ResolveMachineId_NoIdAnywhere_ExplainsWhatToDo()
    {
        var id = FleetConfigLoader.ResolveMachineId(new FleetConfig(), Path.Combine(_dir, "none"), out var error);

        Assert.Null(id);
        Assert.Contains("unable to determine local machine ID", error, StringComparison.Ordinal);
    }
}
