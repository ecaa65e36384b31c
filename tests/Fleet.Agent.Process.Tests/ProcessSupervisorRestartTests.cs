using Fleet.Agent.Process.Runtime;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

/// <summary>Units outlive a supervisor: detach, then a new supervisor on the same directories re-adopts them.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessSupervisorRestartTests
{
    private const string Loop = "/bin/sh -c 'i=0; while true; do i=$((i+1)); echo n$i; sleep 0.1; done'";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShutdownAsync_Detach_NextSupervisorReadoptsTheRunningUnit()
    {
        var root = Directory.CreateTempSubdirectory("fleet-process-").FullName;
        try
        {
            var first = new SupervisorHarness(root);
            var name = await first.LoadAsync("keep.service", $"[Service]\nExecStart={Loop}\n");
            await first.Supervisor.StartAsync(name, Token);
            await first.WaitForAsync(name, "active", "running");
            await first.WaitForOutputAsync(name, l => l.Count >= 2, "two lines");
            var pid = ProcessSupervisorTests.MainPid(await first.Supervisor.GetStatusTextAsync(name, Token));

            await first.Supervisor.ShutdownAsync(SupervisorShutdownMode.Detach, Token);
            await first.DisposeAsync();
            Assert.True(ProcStat.TryRead(pid) is { IsAlive: true }, "detaching must not stop the unit");
            var printedBefore = File.ReadAllLines(Path.Combine(root, "state", "keep.service", "output.log")).Length;

            await using var second = new SupervisorHarness(root);
            Assert.Equal(new UnitState("loaded", "active", "running"), await second.StateAsync(name));
            Assert.Equal(pid, ProcessSupervisorTests.MainPid(await second.Supervisor.GetStatusTextAsync(name, Token)));
            await second.WaitForOutputAsync(name, l => l.Count > printedBefore + 2, "more lines after the restart");

            await second.Supervisor.StopAsync(name, Token);
            await second.WaitForAsync(name, "inactive", "dead");
            Assert.False(ProcStat.TryRead(pid) is { IsAlive: true }, $"re-adopted process {pid} was not stopped");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ShutdownAsync_Detach_UnitThatDiesMeanwhileIsReportedFailed()
    {
        var root = Directory.CreateTempSubdirectory("fleet-process-").FullName;
        try
        {
            var first = new SupervisorHarness(root);
            var name = await first.LoadAsync("lost.service", "[Service]\nExecStart=/bin/sleep 60\n");
            await first.Supervisor.StartAsync(name, Token);
            await first.WaitForAsync(name, "active", "running");
            var pid = ProcessSupervisorTests.MainPid(await first.Supervisor.GetStatusTextAsync(name, Token));
            await first.Supervisor.ShutdownAsync(SupervisorShutdownMode.Detach, Token);
            await first.DisposeAsync();

            Native.SendSignal(pid, Signals.Kill);
            using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
                cts.CancelAfter(SupervisorHarness.Deadline);
                while (ProcStat.TryRead(pid) is { IsAlive: true })
                {
                    await timer.WaitForNextTickAsync(cts.Token);
                }
            }

            await using var second = new SupervisorHarness(root);
            await second.WaitForAsync(name, "failed", "failed");

            Assert.Contains("exited while no supervisor was watching", await second.Supervisor.GetStatusTextAsync(name, Token), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ShutdownAsync_Detach_OneshotRemainsActiveExited()
    {
        var root = Directory.CreateTempSubdirectory("fleet-process-").FullName;
        try
        {
            var first = new SupervisorHarness(root);
            var name = await first.LoadAsync("setup.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n");
            await first.Supervisor.StartAsync(name, Token);
            await first.WaitForAsync(name, "active", "exited");
            await first.Supervisor.ShutdownAsync(SupervisorShutdownMode.Detach, Token);
            await first.DisposeAsync();

            await using var second = new SupervisorHarness(root);

            Assert.Equal(new UnitState("loaded", "active", "exited"), await second.StateAsync(name));
            Assert.Equal([name], (await second.Supervisor.ListLoadedAsync(Token)).Keys);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ShutdownAsync_StopUnits_StopsEveryUnit()
    {
        var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("bye.service", "[Service]\nExecStart=/bin/sleep 60\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "running");
        var pid = ProcessSupervisorTests.MainPid(await harness.Supervisor.GetStatusTextAsync(name, Token));

        await harness.DisposeAsync(); // StopUnits

        Assert.False(ProcStat.TryRead(pid) is { IsAlive: true });
    }
}
