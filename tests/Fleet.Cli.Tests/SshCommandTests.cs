using Fleet.Client.Tests.TestServer;

namespace Fleet.Cli.Tests;

/// <summary>fleetctl ssh runs a real process: a stand-in for OpenSSH that records its arguments and exits 7.</summary>
[Trait("Category", "Integration")]
public sealed class SshCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-ssh-").FullName;
    private FakeFleetApi _api = null!;

    private string FakeSsh => Path.Combine(_dir, "fake-ssh");

    public async ValueTask InitializeAsync()
    {
        _api = await FakeFleetApi.StartAsync();
        File.WriteAllText(FakeSsh, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\nexit 7\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FakeSsh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<FleetctlResult> Run(params string[] args)
    {
        var runner = new FleetctlRunner { SshProgram = FakeSsh };
        runner.Environment["HOME"] = _dir;
        return runner.RunAsync(["--endpoint", _api.Endpoint, .. args]);
    }

    private string[] RecordedArgs() => File.ReadAllLines(FakeSsh + ".args");

    [Theory]
    [InlineData(404, "")]
    [InlineData(502, "machine m1 running unit hello.service publishes no API endpoint (its api_listen has no http:// address)")]
    public async Task Status_ApiCannotServeIt_RunsSystemctlStatusOverSshAndReturnsItsExitCode(int status, string message)
    {
        _api.UnitLogsError = (status, message);

        var result = await Run("status", "--ssh-port", "2200", "hello.service");

        Assert.Equal((7, string.Empty), (result.ExitCode, result.Error));
        var args = RecordedArgs();
        Assert.Equal(["-p", "2200", "-l", "core", "172.17.8.103", "--", "systemctl status -l hello.service"], args[^7..]);
    }

    [Fact]
    public async Task Journal_ApiCannotServeIt_RunsJournalctlOverSsh()
    {
        _api.UnitLogsError = (404, string.Empty);

        var result = await Run("journal", "--sudo", "-n", "5", "-f", "--output", "cat", "hello.service");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(["-p", "22", "-l", "core", "172.17.8.103", "--", "sudo journalctl --unit hello.service --no-pager -n 5 --output cat -f"], RecordedArgs()[^7..]);
    }

    [Fact]
    public async Task Status_ApiAnswersWithAMessage_NoSshAndOneErrorLine()
    {
        _api.UnitLogsError = (500, "boom");

        var result = await Run("status", "hello.service");

        Assert.Equal((1, "Error retrieving status of unit hello.service: API error 500: boom\n"), (result.ExitCode, result.Error));
        Assert.False(File.Exists(FakeSsh + ".args"), "ssh must not run");
    }

    [Fact]
    public async Task Ssh_UnitWithCommand_ConnectsToItsMachineAndReturnsSshExitCode()
    {
        var result = await Run("ssh", "--ssh-port", "2222", "-A", "hello", "--", "uptime", "-p");

        Assert.Equal((7, string.Empty), (result.ExitCode, result.Error));
        Assert.Equal(
            [
                "-o", "ConnectTimeout=10", "-o", "StrictHostKeyChecking=ask", "-o", $"UserKnownHostsFile={_dir}/.fleetctl/known_hosts",
                "-A", "-p", "2222", "-l", "core", "172.17.8.103", "--", "uptime -p",
            ],
            RecordedArgs());
    }

    [Fact]
    public async Task Ssh_MachinePrefixWithoutHostKeyChecking_DisablesKnownHosts()
    {
        var result = await Run("ssh", "--strict-host-key-checking=false", "--ssh-username", "admin", "-m", "2b8e");

        Assert.Equal((7, string.Empty), (result.ExitCode, result.Error));
        Assert.Equal(
            [
                "-o", "ConnectTimeout=10", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-p", "22", "-l", "admin", "172.17.8.101",
            ],
            RecordedArgs());
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void SshArguments_Tunnel_JumpsThroughItAndForwardsTheApi()
    {
        var settings = new Ssh.SshSettings
        {
            Program = "ssh", User = "core", StrictHostKeyChecking = false, KnownHostsFile = "/k", TimeoutSeconds = 2.5,
            Tunnel = Ssh.SshSettings.WithDefaultPort("bastion"),
        };

        var shell = Ssh.SshArguments.For(settings, "10.0.0.5", 22, forwardAgent: false, useTunnel: true, []);
        var tcp = Ssh.SshArguments.ForTcpForward(settings, "bastion:2200", "127.0.0.1", 54728);
        var unix = Ssh.SshArguments.ForUnixForward(settings, "bastion", "/var/run/fleet.sock");

        Assert.Equal(["-o", "ConnectTimeout=3", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-J", "core@bastion:22", "-p", "22", "-l", "core", "10.0.0.5"], shell);
        Assert.Equal(["-o", "ConnectTimeout=3", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-W", "127.0.0.1:54728", "-p", "2200", "-l", "core", "bastion"], tcp);
        Assert.Equal(["-o", "ConnectTimeout=3", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-T", "-p", "22", "-l", "core", "bastion", "--", "fleetctl", "fd-forward", "/var/run/fleet.sock"], unix);
    }

    [Theory]
    [InlineData(new[] { "ssh", "-m", "113f", "-u", "hello" }, "Both machine and unit flags provided, please specify only one.")]
    [InlineData(new[] { "ssh", "nothing-here" }, "Unable to proceed: could not find matching unit or machine")]
    [InlineData(new[] { "ssh", "global" }, "Unable to proceed: global units unsupported")]
    [InlineData(new[] { "ssh", "9f0e" }, "Unable to proceed: machine 9f0e1d2c3b4a59687766554433221100 has no known IP address")]
    [InlineData(new[] { "ssh", "-m", "" }, "Unable to proceed: provide one machine or unit")]
    public async Task Ssh_BadTarget_OneLineExitOne(string[] args, string error)
    {
        var result = await Run(args);

        Assert.Equal((1, error + "\n"), (result.ExitCode, result.Error));
        Assert.False(File.Exists(FakeSsh + ".args"));
    }
}
