using System.Net;
using System.Net.Sockets;
using Fleet.Cli.Commands;
using Fleet.Client.Tests.TestServer;

namespace Fleet.Cli.Tests;

/// <summary>Flag parsing, global flags from the environment, usage errors and exit codes.</summary>
[Trait("Category", "Unit")]
public sealed class FleetctlAppTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    [InlineData("version")]
    public async Task RunAsync_Version_PrintsVersionLine(string arg)
    {
        var result = await new FleetctlRunner().RunAsync(arg);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"fleetctl version {VersionCommand.Version}\n", result.Out);
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsHelpAndExitsZero()
    {
        var result = await new FleetctlRunner().RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fleetctl is a command-line interface to fleet", result.Out);
        Assert.Contains("list-unit-files", result.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsNonZeroWithUsageHint()
    {
        var result = await new FleetctlRunner().RunAsync("frobnicate");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: Unrecognized command or argument 'frobnicate'.\nRun 'fleetctl --help' for usage.\n", result.Error);
    }

    [Fact]
    public async Task RunAsync_UnknownFlag_ExitsNonZeroWithCommandHint()
    {
        var result = await new FleetctlRunner().RunAsync("list-units", "--bogus");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("Run 'fleetctl list-units --help' for usage.\n", result.Error);
    }

    [Fact]
    public async Task RunAsync_EmptyFields_SaysMustDefineOutputFormat()
    {
        var result = await new FleetctlRunner().RunAsync("list-units", "--fields=");

        Assert.Equal((1, "Must define output format\n"), (result.ExitCode, result.Error));
    }

    [Theory]
    [InlineData("list-units", "unit,bogus", "bogus")]
    [InlineData("list-unit-files", "machine", "machine")]
    [InlineData("list-machines", "unit", "unit")]
    public async Task RunAsync_InvalidField_NamesIt(string command, string fields, string bad)
    {
        var result = await new FleetctlRunner().RunAsync(command, "--fields", fields);

        Assert.Equal((1, $"Invalid key in output format: \"{bad}\"\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task RunAsync_ListUnitFilesShortL_IsNotAFlag()
    {
        // fleet registers -l only for list-units and list-machines.
        var result = await new FleetctlRunner().RunAsync("list-unit-files", "-l");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_UnixEndpointWithHost_CannotInitialiseClient()
    {
        var result = await new FleetctlRunner().RunAsync("list-units", "--endpoint", "unix://var/run/fleet.sock");

        Assert.Equal((1, "Unable to initialize client: unable to connect to host \"var\" with scheme \"unix\"\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task RunAsync_EndpointFromEnvironment_IsUsed()
    {
        var runner = new FleetctlRunner();
        runner.Environment["FLEETCTL_ENDPOINT"] = "127.0.0.1:4001";

        var result = await runner.RunAsync("list-units");

        Assert.Equal((1, "Unable to initialize client: URL scheme undefined\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task RunAsync_CommandLineBeatsEnvironment()
    {
        var runner = new FleetctlRunner();
        runner.Environment["FLEETCTL_DRIVER"] = "carrier-pigeon";

        var fromEnv = await runner.RunAsync("list-units");
        var fromFlag = await runner.RunAsync("list-units", "--driver", "API", "--endpoint", "unix://");

        Assert.Equal("Unable to initialize client: unrecognized driver \"carrier-pigeon\"\n", fromEnv.Error);
        Assert.Equal("Unable to initialize client: endpoint \"unix://\" names no socket path\n", fromFlag.Error);
    }

    [Fact]
    public async Task RunAsync_BadBooleanInEnvironment_NamesVariable()
    {
        var runner = new FleetctlRunner();
        runner.Environment["FLEETCTL_DEBUG"] = "maybe";

        var result = await runner.RunAsync("list-units");

        Assert.Equal((1, "invalid value \"maybe\" for FLEETCTL_DEBUG: expected true or false\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_UnreachableEndpoint_OneLineNamingIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await new FleetctlRunner().RunAsync("list-unit-files", "--endpoint", $"http://127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Error retrieving list of units from repository: cannot reach the fleet API at http://127.0.0.1:{port}: ", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_ServerError_ShowsServerMessage()
    {
        await using var api = await FakeFleetApi.StartAsync();
        api.Unavailable = true;

        var units = await new FleetctlRunner().RunAsync("list-units", "--endpoint", api.Endpoint);
        var machines = await new FleetctlRunner().RunAsync("list-machines", "--endpoint", api.Endpoint);

        Assert.Equal("Error retrieving list of units from repository: API error 503: fleet server unable to communicate with etcd\n", units.Error);
        Assert.StartsWith("Error retrieving list of active machines from fleet API (API error 503: fleet server unable to communicate with etcd)\nPossible issues:\n", machines.Error);
        Assert.Equal((1, 1), (units.ExitCode, machines.ExitCode));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_Debug_TracesHttpRequests()
    {
        await using var api = await FakeFleetApi.StartAsync();

        var result = await new FleetctlRunner().RunAsync("--debug", "list-machines", "--endpoint", api.Endpoint);

        Assert.Contains($"DEBUG HTTP GET {api.Endpoint}/fleet/v1/machines?alt=json 200 OK\n", result.Error);
    }

    [Fact]
    public async Task RunAsync_HelpCommand_ShowsCommandHelp()
    {
        var result = await new FleetctlRunner().RunAsync("help", "list-units");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-l, --full", result.Out);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _fleetctl_complete fleetctl")]
    [InlineData("zsh", "compdef _fleetctl fleetctl")]
    public async Task RunAsync_Completion_PrintsScript(string shell, string expected)
    {
        var result = await new FleetctlRunner().RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Out);
    }

    [Fact]
    public async Task RunAsync_CompletionUnknownShell_Fails()
    {
        Assert.Equal(1, (await new FleetctlRunner().RunAsync("completion", "fish")).ExitCode);
    }
}
