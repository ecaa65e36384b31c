namespace Fleet.IntegrationTests;

/// <summary>Every fleetctl command end to end: the real fleetctl process against a real fleetd on the embedded
/// store, checking exit codes and fleet's exact messages.</summary>
[Trait("Category", "Integration")]
public sealed class FleetctlCommandsTests(EmbeddedFleetd fleetd) : IClassFixture<EmbeddedFleetd>
{
    private const string Legend = "api00000.../127.0.0.1";

    [Fact]
    public async Task Lifecycle_SubmitLoadStartStatusJournalCatRestartStopUnloadDestroy_FleetsMessages()
    {
        var path = WriteUnit("life.service", "[Unit]\nDescription=life\n\n[Service]\nExecStart=/bin/sh -c \"echo life begins; while true; do sleep 1; done\"\n");

        Expect(await Run("submit", path), 0, "Unit life.service inactive\n", string.Empty);
        Expect(await Run("submit", path), 0, string.Empty, string.Empty);
        Expect(await Run("submit", "--replace", path), 0, "Found same Unit(life.service) in Registry, nothing to do\n", string.Empty);
        Expect(await Run("load", path), 0, $"Unit life.service loaded on {Legend}\n", string.Empty);
        Expect(await Run("start", "life"), 0, $"Unit life.service launched on {Legend}\n", string.Empty);

        var status = await Run("status", "life.service");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("life.service - life", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Active: active (running)", status.Stdout, StringComparison.Ordinal);

        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["journal", "--lines", "1", "life.service"], r => r.ExitCode == 0 && r.Stdout == "life begins\n",
            TimeSpan.FromSeconds(20), "life's journal", TestContext.Current.CancellationToken);
        Expect(await Run("journal", "--lines", "1", "--output", "cat", "life.service"), 0, "life begins\n", string.Empty);
        var json = await Run("journal", "--lines", "1", "--output", "json", "life.service");
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var entry = System.Text.Json.JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal("life begins", entry.RootElement.GetProperty("MESSAGE").GetString());
            Assert.Equal("life.service", entry.RootElement.GetProperty("_SYSTEMD_UNIT").GetString());
        }

        var verbose = await Run("journal", "--output", "verbose", "life.service");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains($"output mode verbose is not supported by the unit manager of machine {EmbeddedFleetd.MachineId}", verbose.Stderr, StringComparison.Ordinal);
        var bogus = await Run("journal", "--output", "bogus", "life.service");
        Assert.Equal(1, bogus.ExitCode);
        Assert.Contains("invalid output mode \"bogus\": expected one of short, ", bogus.Stderr, StringComparison.Ordinal);
        Expect(await Run("cat", "life.service"), 0, "[Unit]\nDescription=life\n\n[Service]\nExecStart=/bin/sh -c \"echo life begins; while true; do sleep 1; done\"\n", string.Empty);

        var restart = await Run("restart", "life.service");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.EndsWith($"Unit life.service launched on {Legend}\n", restart.Stdout, StringComparison.Ordinal);

        Expect(await Run("stop", "life.service"), 0, $"Unit life.service loaded on {Legend}\n", "Successfully stopped units [life.service].\n");
        Expect(await Run("unload", "life.service"), 0, "Unit life.service inactive\n", "Successfully unloaded units [life.service].\n");
        Expect(await Run("destroy", "life.service"), 0, "Destroyed life.service\n", string.Empty);
        Expect(await Run("list-unit-files", "--no-legend", "--fields=unit"), 0, string.Empty, string.Empty);
    }

    [Fact]
    public async Task NoBlock_StartStopUnloadDestroy_Triggered()
    {
        var path = WriteUnit("quick.service", "[Service]\nExecStart=/bin/sleep 1000\n");

        var start = await Run("start", "--no-block", path);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.EndsWith("Triggered unit quick.service start\n", start.Stdout, StringComparison.Ordinal);
        Assert.Single(start.Stdout.Split('\n'), l => l.StartsWith("Triggered", StringComparison.Ordinal));
        Expect(await Run("stop", "--no-block", "quick.service"), 0, "Triggered unit quick.service stop\n", string.Empty);
        Expect(await Run("unload", "--no-block", "quick.service"), 0, "Triggered unit quick.service unload\n", string.Empty);
        Expect(await Run("destroy", "--no-block", "quick.service"), 0, "Destroyed quick.service\n", string.Empty);
    }

    [Fact]
    public async Task TemplateAndInstances_StartFromTemplateFileThenFromRegistry_BothRun()
    {
        var template = WriteUnit("tick@.service", "[Unit]\nDescription=tick %i\n\n[Service]\nExecStart=/bin/sleep 1000\n");

        var first = await Run("start", Path.Combine(Path.GetDirectoryName(template)!, "tick@1.service"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.EndsWith($"Unit tick@1.service launched on {Legend}\n", first.Stdout, StringComparison.Ordinal);
        (await Run("submit", template)).ShouldSucceed();
        var second = await Run("start", "tick@2");
        Assert.True(second.ExitCode == 0, second.ToString());

        var files = await Run("list-unit-files", "--no-legend", "--fields=unit,dstate");
        Assert.Contains("tick@.service\tinactive", files.Stdout, StringComparison.Ordinal);
        Assert.Contains("tick@1.service\tlaunched", files.Stdout, StringComparison.Ordinal);
        Assert.Contains("tick@2.service\tlaunched", files.Stdout, StringComparison.Ordinal);
        Expect(await Run("destroy", "tick@1", "tick@2", "tick@.service"), 0, "Destroyed tick@.service\nDestroyed tick@1.service\nDestroyed tick@2.service\n", string.Empty);
    }

    [Fact]
    public async Task Replace_ChangedLocalFile_WarnsThenReplaces()
    {
        var path = WriteUnit("swap.service", "[Service]\nExecStart=/bin/sleep 1000\n");
        (await Run("submit", path)).ShouldSucceed();
        WriteUnit("swap.service", "[Service]\nExecStart=/bin/sleep 2000\n");

        Expect(await Run("submit", path), 0, string.Empty, $"WARNING: Unit swap.service in registry differs from local unit file {path}. Add --replace to override.\n");
        Expect(await Run("submit", "--replace", path), 0, "Unit swap.service inactive\n", string.Empty);
        Expect(await Run("cat", "swap.service"), 0, "[Service]\nExecStart=/bin/sleep 2000\n", string.Empty);
        (await Run("destroy", "swap.service")).ShouldSucceed();
    }

    [Theory]
    [InlineData(new[] { "cat", "nothere.service" }, 1, "Unit nothere.service not found\n")]
    [InlineData(new[] { "cat" }, 1, "One unit file must be provided\n")]
    [InlineData(new[] { "status", "nothere" }, 1, "Unit nothere.service does not exist.\n")]
    [InlineData(new[] { "journal", "a", "b" }, 1, "One unit file must be provided.\n")]
    [InlineData(new[] { "journal", "nothere" }, 1, "Unit nothere.service does not exist.\n")]
    [InlineData(new[] { "submit" }, 0, "No units given\n")]
    [InlineData(new[] { "stop", "nothere" }, 0, "Units not found in registry\n")]
    [InlineData(new[] { "unload", "nothere" }, 0, "Units not found in registry\n")]
    [InlineData(new[] { "start", "/nonexistent/dir/absent.service" }, 1, "Error creating units: unable to find Unit(absent.service) in Registry or on filesystem\n")]
    [InlineData(new[] { "verify", "x.service" }, 2, "Command \"verify\" is deprecated, DEPRECATED - No longer works\nWARNING: The signed/verified units feature is DEPRECATED and cannot be used.\n")]
    [InlineData(new[] { "frobnicate" }, 1, null)]
    [InlineData(new[] { "list-units", "--bogus" }, 1, null)]
    [InlineData(new[] { "ssh", "--machine", "a", "--unit", "b" }, 1, "Both machine and unit flags provided, please specify only one.\n")]
    [InlineData(new[] { "ssh", "nothing-matches" }, 1, "Unable to proceed: could not find matching unit or machine\n")]
    public async Task Command_BadUse_ExitCodeAndMessage(string[] args, int exitCode, string? stderr)
    {
        var result = await Run(args);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        if (stderr is null)
        {
            Assert.EndsWith($"Run 'fleetctl {(args.Length > 1 ? args[0] + " " : string.Empty)}--help' for usage.\n", result.Stderr, StringComparison.Ordinal);
            Assert.StartsWith("Error: ", result.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(stderr, result.Stderr);
        }
    }

    [Fact]
    public async Task Submit_InvalidUnitFile_NamesFileAndLine()
    {
        var path = WriteUnit("broken.service", "[Service]\nExecStart=/bin/true\nthis line has no equals sign\n");

        var result = await Run("submit", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken.service", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_Unreachable_OneLineNamingIt()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        var result = await Fleetctl.RunAsync(closed, ["list-units"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(closed, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_HelpAndCompletion_ExitZero()
    {
        var version = await Run("version");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("fleetctl version ", version.Stdout, StringComparison.Ordinal);
        Assert.Equal(version.Stdout, (await Run("--version")).Stdout);

        var help = await Run();
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("fleetctl is a command-line interface to fleet, the cluster-wide CoreOS init system.", help.Stdout, StringComparison.Ordinal);

        var bash = await Run("completion", "bash");
        Assert.Equal(0, bash.ExitCode);
        Assert.Contains("complete -o default -F _fleetctl_complete fleetctl", bash.Stdout, StringComparison.Ordinal);
        var zsh = await Run("completion", "zsh");
        Assert.Equal(0, zsh.ExitCode);
        Assert.StartsWith("#compdef fleetctl", zsh.Stdout.TrimStart(), StringComparison.Ordinal);
        var fish = await Run("completion", "fish");
        Assert.Equal(1, fish.ExitCode);
    }

    [Fact]
    public async Task Environment_FleetctlEndpointAndFields_UsedWhenNoFlag()
    {
        var result = await RunRawAsync(["list-machines", "--no-legend", "-l"], new Dictionary<string, string> { ["FLEETCTL_ENDPOINT"] = fleetd.Endpoint });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(EmbeddedFleetd.MachineId + "\t", result.Stdout, StringComparison.Ordinal);

        var flagWins = await RunRawAsync([$"--endpoint={fleetd.Endpoint}", "list-machines", "--no-legend"], new Dictionary<string, string> { ["FLEETCTL_ENDPOINT"] = "http://127.0.0.1:1" });
        Assert.True(flagWins.ExitCode == 0, flagWins.ToString());
    }

    [Fact]
    public async Task Start_ManyUnitsOnAPipe_NoProgressLine()
    {
        var paths = Enumerable.Range(1, 3).Select(i => WriteUnit($"many{i}.service", "[Service]\nExecStart=/bin/sleep 1000\n")).ToArray();

        var start = await Run(["start", .. paths]);

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.DoesNotContain('\r', start.Stdout + start.Stderr);
        Assert.Equal(3, start.Stdout.Split('\n').Count(l => l.StartsWith("Unit many", StringComparison.Ordinal) && l.EndsWith($"launched on {Legend}", StringComparison.Ordinal)));
        (await Run(["destroy", .. paths.Select(Path.GetFileName)!])).ShouldSucceed();
    }

    [Fact]
    public async Task Ssh_UnitArgument_RunsOpenSshToItsMachineAndReturnsItsExitCode()
    {
        var path = WriteUnit("reach.service", "[Service]\nExecStart=/bin/sleep 1000\n");
        (await Run("start", path)).ShouldSucceed();
        var bin = Path.Combine(fleetd.UnitDir, "fake-bin");
        Directory.CreateDirectory(bin);
        var fakeSsh = Path.Combine(bin, "ssh");
        FleetctlRaw.WriteScript(fakeSsh, "#!/bin/sh\necho \"ssh $*\"\nexit 3\n");

        var result = await RunRawAsync([$"--endpoint={fleetd.Endpoint}", "--ssh-username=ops", "ssh", "-A", "--ssh-port", "2222", "reach", "--", "uptime"],
            new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith("ssh ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-A", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("-p 2222 -l ops 127.0.0.1 -- uptime\n", result.Stdout, StringComparison.Ordinal);
        (await Run("destroy", "reach.service")).ShouldSucceed();
    }

    private static void Expect(FleetctlResult result, int exitCode, string stdout, string stderr) =>
        Assert.True(result.ExitCode == exitCode && result.Stdout == stdout && result.Stderr == stderr,
            $"expected exit {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}\ngot {result}");

    private string WriteUnit(string name, string text)
    {
        var path = Path.Combine(fleetd.UnitDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<FleetctlResult> Run(params string[] args) => Fleetctl.RunAsync(fleetd.Endpoint, args, TestContext.Current.CancellationToken);

    private static Task<FleetctlResult> RunRawAsync(string[] args, Dictionary<string, string> environment) =>
        FleetctlRaw.RunAsync(args, environment, TestContext.Current.CancellationToken);
}
