using System.Diagnostics;

namespace Fleet.IntegrationTests;

/// <summary>fleetd listening on a unix socket as well (as fleet's default <c>unix:///var/run/fleet.sock</c>):
/// its permissions, fleetctl's <c>unix://</c> endpoints, and <c>fd-forward</c> (the <c>--tunnel</c> helper).</summary>
[Trait("Category", "Integration")]
public sealed class UnixSocketEndpointTests : IAsyncLifetime
{
    private const string MachineId = "sock0000000000000000000000000001";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-sock-").FullName;
    private FleetdProcess? _fleetd;

    private string Socket => Path.Combine(_dir, "fleet.sock");

    public async ValueTask InitializeAsync()
    {
        _fleetd = FleetdProcess.Start(MachineId, Path.Combine(_dir, "data"), new Dictionary<string, string>
        {
            ["agent_ttl"] = "5s",
            ["api_listen"] = $"unix://{Socket}",
        });
        await Fleetctl.WaitForAsync($"unix://{Socket}", ["list-machines", "--no-legend", "--full", "--fields=machine"],
            r => r.ExitCode == 0 && r.Stdout == MachineId + "\n", TimeSpan.FromSeconds(60), "machine listed through the unix socket", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleetd is not null)
        {
            await _fleetd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task UnixEndpoint_ListMachinesAndSocketMode0660()
    {
        var result = await Fleetctl.RunAsync($"unix://{Socket}", ["list-machines", "--no-legend", "--full", "--fields=machine"], TestContext.Current.CancellationToken);

        Assert.Equal((0, MachineId + "\n"), (result.ExitCode, result.Stdout));
        Assert.True(OperatingSystem.IsLinux());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, OperatingSystem.IsLinux() ? File.GetUnixFileMode(Socket) : default);
    }

    [Fact]
    public async Task UnixEndpoint_HostInsteadOfPath_FleetsMessage()
    {
        var result = await Fleetctl.RunAsync("unix://var/run/fleet.sock", ["list-units"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unable to connect to host \"var\" with scheme \"unix\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tunnel_UnixEndpoint_OpenSshRunsFdForwardOnTheTunnelHost()
    {
        // A stand-in for OpenSSH that runs the remote command here, as `ssh localhost` would.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var log = Path.Combine(_dir, "ssh.log");
        FleetctlRaw.WriteScript(Path.Combine(bin, "ssh"), $"#!/bin/sh\necho \"$*\" >> {log}\nwhile [ \"$1\" != \"--\" ]; do shift; done\nshift\nexec \"$@\"\n");
        FleetctlRaw.WriteScript(Path.Combine(bin, "fleetctl"), $"#!/bin/sh\nexec dotnet {FleetctlRaw.FleetctlDll} \"$@\"\n");

        var result = await FleetctlRaw.RunAsync(["--tunnel=bastion", "--ssh-username=ops", $"--endpoint=unix://{Socket}", "list-machines", "--no-legend", "--full", "--fields=machine"],
            new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") }, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stdout == MachineId + "\n",
            $"{result}\n--- fleetd (running: {_fleetd!.IsRunning}), last lines:\n{string.Join('\n', _fleetd.Output.Split('\n').TakeLast(40))}");
        Assert.EndsWith($"-T -p 22 -l ops bastion -- fleetctl fd-forward {Socket}\n", await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FdForward_HttpRequestOnStdin_AnswerOnStdout()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fleetctl.dll"));
        info.ArgumentList.Add("fd-forward");
        info.ArgumentList.Add(Socket);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start fleetctl");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));

        // stdin stays open (as an SSH client's would): the server's close after "Connection: close" ends it.
        await process.StandardInput.WriteAsync("GET /fleet/v1/discovery HTTP/1.1\r\nHost: fleet\r\nConnection: close\r\n\r\n");
        await process.StandardInput.FlushAsync(deadline.Token);
        var stdout = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = await process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"fleet:v1\"", stdout.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
