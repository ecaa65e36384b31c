using System.Net;
using System.Text.Json;
using Fleet.Core.Machines;
using Fleet.Registry.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.IntegrationTests;

/// <summary><c>/units/{name}/journal</c> and <c>/status</c> are answered by the machine that runs the unit, from
/// any machine's API: three real fleetd on a real etcd, driven by the real fleetctl and by plain HTTP.</summary>
[Trait("Category", "Integration")]
[Collection(ApiClusterCollection.Name)]
public sealed class ClusterJournalForwardingTests(ThreeMachineCluster cluster)
{
    private const string Talker = "talker.service";

    [Fact]
    public async Task JournalAndStatus_UnitOnAnotherMachine_ServedFromEveryMachinesEndpoint()
    {
        await StartTalkerOnM2Async();

        foreach (var machine in cluster.Machines)
        {
            var journal = await Fleetctl.WaitForAsync(machine.Endpoint, ["journal", "--lines", "3", Talker],
                r => r.ExitCode == 0 && r.Stdout.Contains("tick from talker", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), $"talker's journal through {machine.MachineId}", TestContext.Current.CancellationToken);
            Assert.InRange(journal.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 3);
            var json = await Fleetctl.RunAsync(machine.Endpoint, ["journal", "--lines", "1", "--output", "json", Talker], TestContext.Current.CancellationToken);
            json.ShouldSucceed();
            using (var entry = System.Text.Json.JsonDocument.Parse(json.Stdout))
            {
                Assert.Equal(Talker, entry.RootElement.GetProperty("_SYSTEMD_UNIT").GetString());
                Assert.Contains("tick from talker", entry.RootElement.GetProperty("MESSAGE").GetString(), StringComparison.Ordinal);
            }

            var status = await Fleetctl.RunAsync(machine.Endpoint, ["status", Talker], TestContext.Current.CancellationToken);
            status.ShouldSucceed();
            Assert.Contains(Talker, status.Stdout, StringComparison.Ordinal);
            Assert.Contains("Active: active (running)", status.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task JournalFollow_ThroughAnotherMachine_StreamsNewLines()
    {
        await StartTalkerOnM2Async();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await http.GetAsync(
            $"{cluster.Machines[0].Endpoint}/fleet/v1/units/{Talker}/journal?lines=1&follow=true", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var lines = new List<string>();
        while (lines.Count < 3)
        {
            lines.Add(await reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException($"the followed journal ended after {lines.Count} lines"));
        }

        Assert.All(lines, l => Assert.Contains("tick from talker", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FleetctlJournalFollow_UnitOnAnotherMachine_PrintsNewLinesUntilKilled()
    {
        await StartTalkerOnM2Async();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fleetctl.dll"));
        info.ArgumentList.Add($"--endpoint={cluster.Machines[2].Endpoint}");
        foreach (var arg in new[] { "journal", "-f", "--lines", "1", Talker })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start fleetctl");
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            var lines = 0;
            while (lines < 3)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new EndOfStreamException($"fleetctl journal -f ended after {lines} lines: {await process.StandardError.ReadToEndAsync(deadline.Token)}");
                Assert.Equal("tick from talker", line);
                lines++;
            }

            Assert.False(process.HasExited, "fleetctl journal -f still follows");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Journal_ErrorPaths_ClearStatusAndMessage()
    {
        var endpoint = cluster.Machines[0].Endpoint;
        using var http = new HttpClient();

        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/nothere.service/journal", 404, "unit does not exist");
        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/bad%20name/status", 400, null);
        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/{Talker}/journal?lines=many", 400, "invalid lines value \"many\": expected an integer from 0 to 100000");
        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/{Talker}/journal?follow=maybe", 400, "invalid follow value \"maybe\": expected true or false");
        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/{Talker}/journal?output=xml", 400, "invalid output mode \"xml\": expected one of " + string.Join(", ", Fleet.Agent.UnitManagement.JournalOutput.Modes));

        var unscheduled = Path.Combine(cluster.UnitDir, "nowhere.service");
        await File.WriteAllTextAsync(unscheduled, "[Service]\nExecStart=/bin/true\n", TestContext.Current.CancellationToken);
        (await cluster.Fleetctl_("submit", unscheduled)).ShouldSucceed();
        await AssertErrorAsync(http, $"{endpoint}/fleet/v1/units/nowhere.service/status", 404, "unit nowhere.service is not scheduled to any machine");
        var notLoaded = await cluster.Fleetctl_("status", "nowhere.service");
        Assert.Equal((1, "Unit nowhere.service does not appear to be loaded.\n"), (notLoaded.ExitCode, notLoaded.Stderr));
    }

    [Fact]
    public async Task Status_OwnerUnreachable_502NamingTheMachineAndEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = ClosedPort();
        var options = new EtcdRegistryOptions { EtcdKeyPrefix = "/fleet_functional/smoke" };
        options.EtcdServers.Clear();
        options.EtcdServers.Add(cluster.Etcd.ClientUrl);
        await using var registry = EtcdRegistry.Connect(options, TimeProvider.System, NullLoggerFactory.Instance);
        var ghostMachine = new MachineState
        {
            Id = MachineId.Parse("m9"),
            PublicIp = "127.0.0.9",
            ApiEndpoint = $"http://127.0.0.1:{closedPort}",
            Metadata = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("hostname", "m9"),
        };
        await using var session = await registry.Machines.TryRegisterAsync(ghostMachine, TimeSpan.FromSeconds(10), ct)
            ?? throw new InvalidOperationException("could not register the ghost machine m9");
        var unit = Path.Combine(cluster.UnitDir, "ghost.service");
        await File.WriteAllTextAsync(unit, "[Service]\nExecStart=/bin/sleep 1000\n\n[X-Fleet]\nMachineMetadata=hostname=m9\n", ct);
        (await cluster.Fleetctl_("start", "--no-block", unit)).ShouldSucceed();
        await Fleetctl.WaitForAsync(cluster.Machines[0].Endpoint, ["list-unit-files", "--no-legend", "--full", "--fields", "unit,target"],
            r => r.Stdout.Contains("ghost.service\tm9/127.0.0.9", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "ghost.service scheduled to m9", ct);

        using var http = new HttpClient();
        var message = $"machine m9 running unit ghost.service is unreachable at http://127.0.0.1:{closedPort}: ";
        await AssertErrorAsync(http, $"{cluster.Machines[1].Endpoint}/fleet/v1/units/ghost.service/status", 502, message);
        await AssertErrorAsync(http, $"{cluster.Machines[2].Endpoint}/fleet/v1/units/ghost.service/journal?lines=5", 502, message);

        (await cluster.Fleetctl_("destroy", "ghost.service")).ShouldSucceed();
    }

    private async Task StartTalkerOnM2Async()
    {
        var path = Path.Combine(cluster.UnitDir, Talker);
        await File.WriteAllTextAsync(path,
            "[Unit]\nDescription=talker\n\n[Service]\nExecStart=/bin/sh -c \"while true; do echo tick from talker; sleep 0.3; done\"\n\n[X-Fleet]\nMachineMetadata=hostname=m2\n",
            TestContext.Current.CancellationToken);
        (await cluster.Fleetctl_("start", path)).ShouldSucceed();
        var active = await cluster.WaitForActiveAsync(u => u.Any(x => x.Unit == Talker), TimeSpan.FromSeconds(30), "talker active");
        Assert.Equal("m2", active.Single(x => x.Unit == Talker).Machine);
    }

    private static async Task AssertErrorAsync(HttpClient http, string url, int status, string? messagePrefix)
    {
        using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == (int)response.StatusCode, $"GET {url}: expected {status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        var message = error.GetProperty("message").GetString() ?? string.Empty;
        Assert.NotEmpty(message);
        if (messagePrefix is not null)
        {
            Assert.StartsWith(messagePrefix, message, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
