using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

/// <summary>systemd semantics of <see cref="ProcessSupervisor"/> with real processes.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessSupervisorLifecycleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_OneshotWithRemainAfterExit_StaysActiveExitedAndRunsExecStopOnStop()
    {
        await using var harness = new SupervisorHarness();
        var marker = harness.PathOf("stopped");
        var name = await harness.LoadAsync("setup.service",
            $"[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/echo first\nExecStart=/bin/echo second\nExecStop=/bin/touch {marker}\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "exited");
        Assert.Equal(["first", "second"], await harness.JournalAsync(name));
        Assert.False(File.Exists(marker));

        await harness.Supervisor.StopAsync(name, Token);
        await harness.WaitForAsync(name, "inactive", "dead");
        Assert.True(File.Exists(marker), "ExecStop= did not run");
    }

    [Fact]
    public async Task StartAsync_OneshotWithoutRemainAfterExit_EndsInactive()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("once.service", "[Service]\nType=oneshot\nExecStart=/bin/echo done\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForOutputAsync(name, l => l.Contains("done"), "done");
        await harness.WaitForAsync(name, "inactive", "dead");

        Assert.Equal(["done"], await harness.JournalAsync(name));
        Assert.Equal(new UnitState("loaded", "inactive", "dead"), await harness.StateAsync(name));
    }

    [Fact]
    public async Task StartAsync_FailingExecStart_EndsFailed()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("bad.service", "[Service]\nExecStart=/bin/sh -c 'echo oops; exit 3'\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.Contains("Active: failed (Result: exit-code)", status, StringComparison.Ordinal);
        Assert.Contains("code=exited, status=3/FAILURE", status, StringComparison.Ordinal);
        Assert.Contains("oops", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_MissingExecutable_EndsFailedWithExecStatus()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("missing.service", "[Service]\nExecStart=/nonexistent/binary --flag\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.Contains("203/EXEC", status, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/binary", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DashPrefix_IgnoresFailureOfThatCommand()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("dash.service",
            "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStartPre=-/bin/false\nExecStart=-/bin/sh -c 'exit 7'\nExecStartPost=/bin/echo post\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "exited");

        Assert.Equal(["post"], await harness.JournalAsync(name));
        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.True(status.Contains("ExecStartPre=-/bin/false (code=exited, status=1/FAILURE, ignored)", StringComparison.Ordinal), status);
    }

    [Fact]
    public async Task StartAsync_ExecStartPreFails_MainCommandNeverRuns()
    {
        await using var harness = new SupervisorHarness();
        var marker = harness.PathOf("main-ran");
        var cleanup = harness.PathOf("stop-post-ran");
        var name = await harness.LoadAsync("pre.service",
            $"[Service]\nExecStartPre=/bin/true\nExecStartPre=/bin/sh -c 'echo pre failing; exit 1'\nExecStart=/bin/touch {marker}\nExecStopPost=/bin/touch {cleanup}\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        Assert.False(File.Exists(marker), "ExecStart= ran although ExecStartPre= failed");
        Assert.True(File.Exists(cleanup), "ExecStopPost= runs even when the start failed");
        Assert.Equal(["pre failing"], await harness.JournalAsync(name));
    }

    [Fact]
    public async Task MainExit_RestartOnFailure_RestartsUntilStartLimit()
    {
        await using var harness = new SupervisorHarness();
        var runs = harness.PathOf("runs");
        var name = await harness.LoadAsync("flaky.service",
            $"[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=60\n\n[Service]\nRestart=on-failure\nRestartSec=300ms\nExecStart=/bin/sh -c 'echo run >> {runs}; exit 1'\n");

        await using var recorder = await StateRecorder.StartAsync(harness.Supervisor, name);
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        Assert.Equal(4, File.ReadAllLines(runs).Length); // the start and three restarts
        await recorder.WaitForAsync(s => s.Contains("activating/auto-restart"));
        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.Contains("Result: start-limit-hit", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainExit_RestartAlways_RestartsACleanExitButNotAnExplicitStop()
    {
        await using var harness = new SupervisorHarness();
        var runs = harness.PathOf("runs");
        var name = await harness.LoadAsync("again.service",
            $"[Service]\nRestart=always\nRestartSec=20ms\nExecStart=/bin/sh -c 'echo run >> {runs}; n=$(wc -l < {runs}); [ $n -ge 2 ] && exec sleep 60; exit 0'\n");

        await harness.Supervisor.StartAsync(name, Token);
        await SupervisorHarness.WaitForFileAsync(runs, text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2);
        await harness.WaitForAsync(name, "active", "running");

        await harness.Supervisor.StopAsync(name, Token);
        await harness.WaitForAsync(name, "inactive", "dead");
        Assert.Equal(2, File.ReadAllLines(runs).Length);
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoresSigterm_IsKilledAfterTimeoutStopSec()
    {
        await using var harness = new SupervisorHarness();
        var ready = harness.PathOf("ready");
        var name = await harness.LoadAsync("stubborn.service",
            $"[Service]\nTimeoutStopSec=500ms\nExecStart=/bin/sh -c 'trap \"echo got TERM\" TERM; touch {ready}; while true; do sleep 0.1; done'\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "running");
        await SupervisorHarness.WaitForFileAsync(ready);
        var pid = ProcessSupervisorTests.MainPid(await harness.Supervisor.GetStatusTextAsync(name, Token));

        await using var recorder = await StateRecorder.StartAsync(harness.Supervisor, name);
        await harness.Supervisor.StopAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        // stop-sigkill is too short-lived to be observed reliably; the KILL signal in the status proves it.
        await recorder.WaitForAsync(s => s.Contains("deactivating/stop-sigterm"));
        Assert.False(Runtime.ProcStat.TryRead(pid) is { IsAlive: true }, $"process {pid} survived SIGKILL");
        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.Contains("Result: timeout", status, StringComparison.Ordinal);
        Assert.Contains("signal=KILL", status, StringComparison.Ordinal);
        Assert.Contains("got TERM", await harness.JournalAsync(name));
    }

    [Fact]
    public async Task StopAsync_KillModeProcess_SignalsOnlyTheMainProcess()
    {
        await using var harness = new SupervisorHarness();
        var childPidFile = harness.PathOf("child");
        var name = await harness.LoadAsync("leaves.service",
            $"[Service]\nKillMode=process\nExecStart=/bin/sh -c 'sleep 60 & echo $! > {childPidFile}; wait'\n");
        await harness.Supervisor.StartAsync(name, Token);
        await SupervisorHarness.WaitForFileAsync(childPidFile, t => t.EndsWith('\n'));
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        try
        {
            await harness.Supervisor.StopAsync(name, Token);
            await harness.WaitForAsync(name, "inactive", "dead");
            Assert.True(Runtime.ProcStat.TryRead(child) is { IsAlive: true }, "KillMode=process must leave the other processes alone");
        }
        finally
        {
            Runtime.Native.SendSignal(child, Runtime.Signals.Kill);
        }
    }

    [Fact]
    public async Task StartAsync_EnvironmentAndWorkingDirectory_AreApplied()
    {
        await using var harness = new SupervisorHarness();
        var work = Directory.CreateDirectory(harness.PathOf("work")).FullName;
        var envFile = harness.PathOf("env");
        await File.WriteAllTextAsync(envFile, "# comment\nFROM_FILE=\"file value\"\nexport OVERRIDE=file\n", Token);
        var name = await harness.LoadAsync("env@blue.service",
            "[Service]\nType=oneshot\n" +
            "Environment=PLAIN=one \"SPACED=two words\" OVERRIDE=unit\n" +
            $"EnvironmentFile={envFile}\nEnvironmentFile=-{harness.PathOf("missing")}\n" +
            $"WorkingDirectory={work}\n" +
            "ExecStart=/bin/sh -c 'echo \"$PLAIN|$SPACED|$FROM_FILE|$OVERRIDE|$(pwd)\"'\n" +
            "ExecStart=/bin/echo ${PLAIN} $SPACED %i %n %p %%\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "inactive", "dead");

        Assert.Equal([$"one|two words|file value|file|{work}", "one two words blue env@blue.service env %"], await harness.JournalAsync(name));
    }

    [Fact]
    public async Task StartAsync_MissingEnvironmentFile_FailsWithReason()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("noenv.service", $"[Service]\nEnvironmentFile={harness.PathOf("missing")}\nExecStart=/bin/true\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "failed", "failed");

        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);
        Assert.Contains("EnvironmentFile=", status, StringComparison.Ordinal);
        Assert.Contains("no such file", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ForkingWithPidFile_TracksTheDaemon()
    {
        await using var harness = new SupervisorHarness();
        var pidFile = harness.PathOf("daemon.pid");
        var name = await harness.LoadAsync("daemon.service",
            $"[Service]\nType=forking\nPIDFile={pidFile}\nExecStart=/bin/sh -c 'sleep 60 & echo $! > {pidFile}'\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "running");
        var daemon = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(daemon, ProcessSupervisorTests.MainPid(await harness.Supervisor.GetStatusTextAsync(name, Token)));

        Runtime.Native.SendSignal(daemon, Runtime.Signals.Kill);
        await harness.WaitForAsync(name, "failed", "failed");
    }

    [Fact]
    public async Task StartAsync_NonServiceUnit_FailsClearly()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("nightly.timer", "[Timer]\nOnCalendar=daily\n");

        var error = await Assert.ThrowsAsync<UnitManagerException>(() => harness.Supervisor.StartAsync(name, Token).AsTask());

        Assert.Contains("unsupported unit type for the process supervisor", error.Message, StringComparison.Ordinal);
        Assert.Equal(new UnitState("loaded", "failed", "failed"), await harness.StateAsync(name));
        Assert.Contains("unsupported unit type", await harness.Supervisor.GetStatusTextAsync(name, Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_BadSetting_ReportsBadSettingAndRefusesToStart()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("broken.service", "[Service]\nType=simple\n");

        Assert.Equal(new UnitState("bad-setting", "inactive", "dead"), await harness.StateAsync(name));
        var error = await Assert.ThrowsAsync<UnitManagerException>(() => harness.Supervisor.StartAsync(name, Token).AsTask());
        Assert.Contains("ExecStart= is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_UnsupportedDirectives_AreVisibleInStatus()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("web.service",
            "[Unit]\nAfter=docker.service\n\n[Service]\nExecStart=/bin/true\nPrivateTmp=yes\n\n[X-Fleet]\nConflicts=web*\n");

        var status = await harness.Supervisor.GetStatusTextAsync(name, Token);

        Assert.Contains("Notice: ignored by the process supervisor: Unit.After, Service.PrivateTmp", status, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Fleet", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnloadAsync_RunningUnit_StopsItAndForgetsIt()
    {
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("gone.service", "[Service]\nExecStart=/bin/sleep 60\n");
        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForAsync(name, "active", "running");
        var pid = ProcessSupervisorTests.MainPid(await harness.Supervisor.GetStatusTextAsync(name, Token));

        await harness.Supervisor.UnloadAsync(name, Token);

        Assert.Equal(new UnitState("not-found", "inactive", "dead"), await harness.StateAsync(name));
        Assert.False(File.Exists(Path.Combine(harness.Options.UnitsDirectory, "gone.service")));
        Assert.False(Directory.Exists(Path.Combine(harness.Options.StateDirectory, "gone.service")));
        Assert.False(Runtime.ProcStat.TryRead(pid) is { IsAlive: true });
        Assert.Empty(await harness.Supervisor.ListLoadedAsync(Token));
    }

    [Fact]
    public async Task ListLoadedAsync_ReturnsTheHashOfEachUnitFile()
    {
        await using var harness = new SupervisorHarness();
        var text = "[Unit]\nDescription=A\n\n[Service]\nExecStart=/bin/true\n";
        var name = await harness.LoadAsync("a.service", text);
        await File.WriteAllTextAsync(Path.Combine(harness.Options.UnitsDirectory, "not a unit"), "x", Token);

        var loaded = await harness.Supervisor.ListLoadedAsync(Token);

        Assert.Equal(UnitFile.Parse(text).File!.Hash, Assert.Single(loaded, kv => kv.Key == name).Value);
        Assert.Single(loaded);
    }

    [Fact]
    public async Task StartAsync_UserWhenRoot_RunsAsThatUser()
    {
        Assert.SkipUnless(Runtime.Native.IsRoot, "User= applies only when the supervisor runs as root");
        await using var harness = new SupervisorHarness();
        var name = await harness.LoadAsync("nobody.service", "[Service]\nType=oneshot\nUser=nobody\nExecStart=/usr/bin/id -un\nExecStart=+/usr/bin/id -un\n");

        await harness.Supervisor.StartAsync(name, Token);
        await harness.WaitForOutputAsync(name, l => l.Count >= 2, "two lines");

        Assert.Equal(["nobody", "root"], await harness.JournalAsync(name));
    }
}
