using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Integration")]
public sealed class ProcessSupervisorTests
{
    private const string Loop = "/bin/sh -c 'while true; do echo hi; sleep 0.2; done'";

    [Fact]
    public async Task StartAsync_SimpleService_RunsCapturesOutputAndStops()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("hello.service", $"[Unit]\nDescription=Hello\n\n[Service]\nExecStart={Loop}\n");
        Assert.Equal(new UnitState("loaded", "inactive", "dead"), await harness.StateAsync(name));

        await using (var recorder = await StateRecorder.StartAsync(harness.Supervisor, name))
        {
            await harness.Supervisor.StartAsync(name, TestContext.Current.CancellationToken);
            await harness.WaitForAsync(name, "active", "running");
            var lines = await harness.WaitForOutputAsync(name, l => l.Count(x => x == "hi") >= 2, "two 'hi' lines");
            Assert.All(lines, l => Assert.Equal("hi", l));

            var status = await harness.Supervisor.GetStatusTextAsync(name, TestContext.Current.CancellationToken);
            Assert.Contains("hello.service - Hello", status, StringComparison.Ordinal);
            Assert.Contains("Active: active (running) since", status, StringComparison.Ordinal);
            Assert.Matches(@"Main PID: \d+ \(sh\)", status);
            Assert.Contains("\nhi\n", status, StringComparison.Ordinal);

            await harness.Supervisor.StopAsync(name, TestContext.Current.CancellationToken);
            await harness.WaitForAsync(name, "inactive", "dead");
            await recorder.WaitForAsync(s => s[^1] == "inactive/dead");
            var states = recorder.States;
            Assert.Equal("inactive/dead", states[0]);
            Assert.Contains("active/running", states);
            Assert.Equal("inactive/dead", states[^1]);
            Assert.True(states.ToList().IndexOf("active/running") < states.Count - 1);
        }

        // Stopping again and stopping an unknown unit do nothing.
        await harness.Supervisor.StopAsync(name, TestContext.Current.CancellationToken);
        await harness.Supervisor.StopAsync(UnitName.Parse("nope.service"), TestContext.Current.CancellationToken);
        Assert.Equal(new UnitState("loaded", "inactive", "dead"), await harness.StateAsync(name));
    }

    [Fact]
    public async Task StopAsync_SimpleService_KillsTheWholeProcessGroup()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("group.service", $"[Service]\nExecStart={Loop}\n");
        await harness.Supervisor.StartAsync(name, TestContext.Current.CancellationToken);
        await harness.WaitForAsync(name, "active", "running");
        var pid = MainPid(await harness.Supervisor.GetStatusTextAsync(name, TestContext.Current.CancellationToken));

        await harness.Supervisor.StopAsync(name, TestContext.Current.CancellationToken);
        await harness.WaitForAsync(name, "inactive", "dead");

        Assert.False(Runtime.ProcStat.TryRead(pid) is { IsAlive: true }, $"main process {pid} still runs");
        Assert.Empty(Runtime.ProcStat.GroupMembers(pid));
    }

    [Fact]
    public async Task GetStatesAsync_UnknownUnit_ReportsNotFound()
    {
        await using var harness = new SupervisorHarness();
        var name = UnitName.Parse("ghost.service");

        Assert.Equal(new UnitState("not-found", "inactive", "dead"), await harness.StateAsync(name));
        await Assert.ThrowsAsync<UnitManagerException>(() => harness.Supervisor.StartAsync(name, TestContext.Current.CancellationToken).AsTask());
    }

    internal static int MainPid(string status)
    {
        var match = System.Text.RegularExpressions.Regex.Match(status, @"Main PID: (\d+)");
        Assert.True(match.Success, status);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
