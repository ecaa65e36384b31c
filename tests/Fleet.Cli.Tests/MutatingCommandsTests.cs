using Fleet.Client.Tests.TestServer;

namespace Fleet.Cli.Tests;

/// <summary>submit, load, start, stop, unload, destroy, restart, cat, status and journal against the API test
/// double, whose simulated agent moves current states to the desired state at once.</summary>
[Trait("Category", "Integration")]
public sealed class MutatingCommandsTests : IAsyncLifetime
{
    private const string HelloLegend = "113f16a7.../172.17.8.103";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-units-").FullName;
    private FakeFleetApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await FakeFleetApi.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<FleetctlResult> Run(params string[] args) =>
        new FleetctlRunner { WorkingDirectory = _dir }.RunAsync([.. args, "--endpoint", _api.Endpoint]);

    private string WriteUnit(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        return name;
    }

    [Fact]
    public async Task Submit_LocalFile_CreatesInactiveUnit()
    {
        WriteUnit("web.service", "[Service]\nExecStart=/bin/sleep 100\n");

        var result = await Run("submit", "web");

        Assert.Equal((0, "Unit web.service inactive\n", string.Empty), (result.ExitCode, result.Out, result.Error));
        Assert.Equal("inactive", (string?)_api.Unit("web.service")!["desiredState"]);
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", FakeFleetApi.HashOf(_api.Unit("web.service")!["options"]!.AsArray()));
    }

    [Fact]
    public async Task Submit_NoArguments_SaysNoUnitsGivenAndSucceeds()
    {
        var result = await Run("submit");

        Assert.Equal((0, "No units given\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Submit_SameUnitAlreadyThere_NothingToDoOnlyWithReplace()
    {
        WriteUnit("hello.service", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "hello.service")));

        var quiet = await Run("submit", "hello.service");
        var replace = await Run("submit", "--replace", "hello.service");

        Assert.Equal((0, string.Empty, string.Empty), (quiet.ExitCode, quiet.Out, quiet.Error));
        Assert.Equal((0, "Found same Unit(hello.service) in Registry, nothing to do\n"), (replace.ExitCode, replace.Out));
        Assert.DoesNotContain(_api.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_DifferentUnitWithoutReplace_WarnsAndKeepsRegistryCopy()
    {
        WriteUnit("hello.service", "[Service]\nExecStart=/bin/other\n");

        var result = await Run("submit", "hello.service");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("WARNING: Unit hello.service in registry differs from local unit file hello.service. Add --replace to override.\n", result.Error);
        Assert.Equal("e55c0aeb44ba0b68004ceb8a200e685194448b45", FakeFleetApi.HashOf(_api.Unit("hello.service")!["options"]!.AsArray()));
    }

    [Fact]
    public async Task Submit_ReplaceLaunchedUnit_RefusedForSubmitAllowedForStart()
    {
        WriteUnit("hello.service", "[Service]\nExecStart=/bin/other\n");

        var submit = await Run("submit", "--replace", "hello.service");
        var start = await Run("start", "--replace", "hello.service");

        Assert.Equal("Warning: can not replace Unit(hello.service) in state 'launched', use the appropriate command\n", submit.Error);
        Assert.Equal(0, start.ExitCode);
        Assert.Equal($"Unit hello.service inactive\nUnit hello.service launched on {HelloLegend}\n", start.Out);
        Assert.Equal("/bin/other", (string?)_api.Unit("hello.service")!["options"]![0]!["value"]);
    }

    [Fact]
    public async Task Start_InstanceOfRegistryTemplate_CreatesCopyAndWaitsForLaunchedAndActive()
    {
        var result = await Run("start", "hello@2");

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        Assert.Equal($"Unit hello@2.service inactive\nUnit hello@2.service launched on {HelloLegend}\n", result.Out);
        Assert.Equal(
            FakeFleetApi.HashOf(_api.Unit("hello@.service")!["options"]!.AsArray()),
            FakeFleetApi.HashOf(_api.Unit("hello@2.service")!["options"]!.AsArray()));
        Assert.Contains("GET /fleet/v1/state/hello@2.service?alt=json", _api.Requests);
    }

    [Fact]
    public async Task Start_InstanceOfTemplateOnDisk_UsesFileNextToArgument()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        WriteUnit("sub/worker@.service", "[Service]\nExecStart=/bin/worker %i\n");

        var result = await Run("start", "--no-block", "sub/worker@7.service");

        Assert.Equal((0, "Unit worker@7.service inactive\nTriggered unit worker@7.service start\n"), (result.ExitCode, result.Out));
        Assert.Equal("/bin/worker %i", (string?)_api.Unit("worker@7.service")!["options"]![0]!["value"]);
    }

    [Fact]
    public async Task Start_Unknown_SaysNotInRegistryOrFilesystem()
    {
        var result = await Run("start", "nope");

        Assert.Equal((1, "Error creating units: unable to find Unit(nope.service) in Registry or on filesystem\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Submit_InvalidUnitFile_NamesFileAndLine()
    {
        WriteUnit("bad.service", "[Service]\nExecStart=/bin/true\nthis line has no equals sign\n");

        var result = await Run("submit", "bad.service");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error creating units: failed getting Unit(bad.service) from file: bad.service: line 3: ", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Submit_InvalidRequirements_RefusedClientSide()
    {
        WriteUnit("both.service", "[Service]\nExecStart=/bin/true\n\n[X-Fleet]\nMachineID=abc\nGlobal=true\n");

        var result = await Run("submit", "both.service");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error creating units: invalid unit both.service: ", result.Error);
        Assert.DoesNotContain(_api.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_GlobalUnit_TriggeredNotAwaited()
    {
        WriteUnit("everywhere.service", "[Service]\nExecStart=/bin/true\n\n[X-Fleet]\nGlobal=true\n");

        var result = await Run("start", "everywhere.service");

        Assert.Equal((0, "Unit everywhere.service inactive\nTriggered global unit everywhere.service start\n"), (result.ExitCode, result.Out));
    }

    [Fact]
    public async Task Load_LocalFile_WaitsForLoaded()
    {
        WriteUnit("web.service", "[Service]\nExecStart=/bin/true\n");

        var result = await Run("load", "web.service");

        Assert.Equal((0, $"Unit web.service inactive\nUnit web.service loaded on {HelloLegend}\n"), (result.ExitCode, result.Out));
    }

    [Fact]
    public async Task Stop_LaunchedUnit_WaitsForLoadedAndReportsSuccess()
    {
        var result = await Run("stop", "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Unit hello.service loaded on {HelloLegend}\n", result.Out);
        Assert.Equal("Successfully stopped units [hello.service].\n", result.Error);
    }

    [Fact]
    public async Task Stop_InactiveUnit_Refused()
    {
        var result = await Run("stop", "conflict.0");

        Assert.Equal((1, "Unable to stop unit conflict.0.service in state inactive\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Stop_UnknownUnits_NotFoundButSucceeds()
    {
        var result = await Run("stop", "nope", "nada.service");

        Assert.Equal((0, "Units not found in registry\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Unload_LaunchedUnit_WaitsForInactive()
    {
        var result = await Run("unload", "hello.service");

        Assert.Equal((0, "Unit hello.service inactive\n", "Successfully unloaded units [hello.service].\n"), (result.ExitCode, result.Out, result.Error));
    }

    [Fact]
    public async Task Destroy_WaitsUntilGoneByDefault()
    {
        var result = await Run("destroy", "hello", "hello@1.service");

        Assert.Equal((0, "Destroyed hello.service\nDestroyed hello@1.service\n"), (result.ExitCode, result.Out));
        Assert.Null(_api.Unit("hello.service"));
        Assert.Contains("GET /fleet/v1/units/hello.service?alt=json", _api.Requests);
    }

    [Fact]
    public async Task Destroy_NoBlock_DoesNotPoll()
    {
        var result = await Run("destroy", "--no-block", "hello");

        Assert.Equal((0, "Destroyed hello.service\n"), (result.ExitCode, result.Out));
        Assert.DoesNotContain("GET /fleet/v1/units/hello.service?alt=json", _api.Requests);
    }

    [Fact]
    public async Task Restart_LaunchedUnit_WaitsForStopThenStart()
    {
        var result = await Run("restart", "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Unit hello.service loaded on {HelloLegend}\nUnit hello.service launched on {HelloLegend}\n", result.Out);
    }

    [Fact]
    public async Task Restart_InactiveUnit_Refused()
    {
        var result = await Run("restart", "conflict.0");

        Assert.Equal("Unable to restart unit conflict.0.service in state inactive\n", result.Error);
    }

    [Fact]
    public async Task Cat_Unit_PrintsSerialisedFileWithoutExtraNewline()
    {
        var result = await Run("cat", "hello");

        Assert.Equal((0, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "hello.service"))), (result.ExitCode, result.Out));
    }

    [Theory]
    [InlineData(new[] { "cat" }, "One unit file must be provided\n")]
    [InlineData(new[] { "cat", "nope" }, "Unit nope.service not found\n")]
    [InlineData(new[] { "status", "nope" }, "Unit nope.service does not exist.\n")]
    [InlineData(new[] { "status", "conflict.0" }, "Unit conflict.0.service does not appear to be loaded.\n")]
    [InlineData(new[] { "journal" }, "One unit file must be provided.\n")]
    [InlineData(new[] { "journal", "global" }, "Unable to retrieve journal of global unit global.service.\n")]
    [InlineData(new[] { "journal", "conflict.0" }, "Unit conflict.0.service does not appear to be running.\n")]
    public async Task ReadCommands_BadTarget_OneLineAndExitOne(string[] args, string error)
    {
        var result = await Run(args);

        Assert.Equal((1, error), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Status_TwoUnits_BlankLineBetween()
    {
        var result = await Run("status", "hello", "hello@1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "● hello.service - status from the fake\n   Active: active (running)\n\n● hello@1.service - status from the fake\n   Active: active (running)\n",
            result.Out);
    }

    [Fact]
    public async Task Journal_LinesAndFollow_PassedToApi()
    {
        var result = await Run("journal", "-n", "1", "-f", "hello");

        Assert.Equal((0, "Hello, world\n"), (result.ExitCode, result.Out));
        Assert.Contains("GET /fleet/v1/units/hello.service/journal?lines=1&follow=true", _api.Requests);
    }

    [Fact]
    public async Task Verify_Deprecated_ExitsTwo()
    {
        var result = await Run("verify", "hello");

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("WARNING: The signed/verified units feature is DEPRECATED and cannot be used.\n", result.Error);
    }

    [Fact]
    public async Task Start_SystemdNeverActive_FailsAfterAttemptBudget()
    {
        _api.LaunchedActiveState = "failed";
        WriteUnit("flaky.service", "[Service]\nExecStart=/bin/false\n");
        var clock = new SteppedClock();
        var runner = new FleetctlRunner { WorkingDirectory = _dir, Time = clock };

        var result = await clock.RunAsync(() => runner.RunAsync("start", "--block-attempts=2", "flaky", "--endpoint", _api.Endpoint));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Unit flaky.service inactive\nUnit flaky.service launched on {HelloLegend}\n", result.Out);
        Assert.Equal(
            "Error waiting for units: timed out waiting for unit flaky.service to become active in systemd (last reported: loaded/failed/running)\n" +
            "Error waiting for systemd unit states, err: timed out waiting for unit flaky.service to become active in systemd (last reported: loaded/failed/running)\n",
            result.Error);
        Assert.Equal(TimeSpan.FromSeconds(4), clock.Elapsed);
        Assert.Equal(17, _api.Requests.Count(r => r == "GET /fleet/v1/state/flaky.service?alt=json"));
    }

    [Fact]
    public async Task Stop_AgentNeverReports_TimesOutAfterOneAttempt()
    {
        _api.AgentFollowsDesiredState = false;
        var clock = new SteppedClock();
        var runner = new FleetctlRunner { WorkingDirectory = _dir, Time = clock };

        var result = await clock.RunAsync(() => runner.RunAsync("stop", "--block-attempts", "1", "hello", "--endpoint", _api.Endpoint));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Failed to stop units [hello.service]. err: timed out waiting for unit hello.service to report state loaded\n", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
    }
}
