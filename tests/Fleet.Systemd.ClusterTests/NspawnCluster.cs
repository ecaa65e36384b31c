using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Fleet.Systemd.ClusterTests;

/// <summary>One container of the cluster: its name, its address on the test bridge, the machine ID its systemd
/// booted with (fleetd reads it from <c>/etc/machine-id</c>) and its systemd's host PID.</summary>
public sealed record SystemdMachine(string Name, string Address, string MachineId, int Leader)
{
    /// <summary>fleetd's API in this container.</summary>
    public string Endpoint => $"http://{Address}:{NspawnCluster.ApiPort}";

    /// <summary>Whether the container was powered off by the test.</summary>
    public bool PoweredOff { get; set; }
}

/// <summary>Three real systemd 252 machines (systemd-nspawn, the host's /usr, empty tmpfs root) on a bridge created
/// for the test with a private 10.77.N.0/24 network, each running fleetd from the build output (bind-mounted read-only
/// at the same path) under its systemd with <c>unit_manager=auto</c>, all sharing a real etcd on the host's bridge
/// address, as coreos/fleet's functional tests did.</summary>
public sealed class NspawnCluster : IAsyncLifetime
{
    /// <summary>The TCP port of fleetd's API in every container.</summary>
    public const int ApiPort = 49153;

    private readonly string _root = Directory.CreateTempSubdirectory("fleet-sdcluster-").FullName;
    private readonly string _tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    private string _bridge = string.Empty;
    private bool _bridgeUp;

    /// <summary>Why the cluster cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The etcd on the host.</summary>
    public HostEtcd? Etcd { get; private set; }

    /// <summary>The machines c1..c3.</summary>
    public List<SystemdMachine> Machines { get; } = [];

    /// <summary>Where tests write unit files (on the host; fleetctl reads them).</summary>
    public string UnitDir => Path.Combine(_root, "unit-files");

    /// <summary>Skips the calling test when the cluster cannot run on this machine.</summary>
    public void Require()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        SkipReason = WhyNot();
        if (SkipReason is not null)
        {
            return;
        }

        Directory.CreateDirectory(UnitDir);
        var subnet = ChooseSubnet();
        _bridge = $"flsd{_tag}";
        var up = await SdctlAsync("bridge-up", subnet);
        _bridgeUp = true;
        Assert.True(up.ExitCode == 0, $"could not create bridge {_bridge}: {up}");
        Etcd = await HostEtcd.StartAsync(IPAddress.Parse($"10.77.{subnet}.1"));

        var output = AppContext.BaseDirectory.TrimEnd('/');
        var boots = Enumerable.Range(1, 3).Select(i => SdctlAsync("start", subnet, Name(i), $"10.77.{subnet}.1{i}/24", $"--bind-ro={output}:{output}")).ToArray();
        var results = await Task.WhenAll(boots);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(results[i - 1].ExitCode == 0, $"container {Name(i)} did not boot: {results[i - 1]}");
            var leader = await SdctlAsync("leader", subnet, Name(i));
            var machineId = (await File.ReadAllTextAsync(Path.Combine(_root, "state", Name(i), "machine-id"))).Trim();
            Machines.Add(new SystemdMachine(Name(i), $"10.77.{subnet}.1{i}", machineId, int.Parse(leader.Stdout.Trim(), CultureInfo.InvariantCulture)));
        }

        foreach (var machine in Machines)
        {
            await StartFleetdAsync(machine, output);
        }

        await Command.PollAsync(
            () => FleetctlAsync("list-machines", "--no-legend", "--full", "--fields", "machine"),
            r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            TimeSpan.FromSeconds(90),
            "3 fleetd machines registered");
    }

    /// <summary>Runs fleetctl (from the build output, on the host) against a running machine's fleetd.</summary>
    public Task<CommandResult> FleetctlAsync(params string[] args) =>
        Command.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "fleetctl.dll"), $"--endpoint={Machines.First(m => !m.PoweredOff).Endpoint}", .. args], TimeSpan.FromSeconds(60));

    /// <summary>Runs a command inside a container (mount and PID namespaces, 30 s limit).</summary>
    public Task<CommandResult> ExecAsync(SystemdMachine machine, params string[] command) =>
        Command.RunAsync("timeout", ["-s", "KILL", "30", "nsenter", "-t", machine.Leader.ToString(CultureInfo.InvariantCulture), "-m", "-p", "--", .. command], TimeSpan.FromSeconds(40));

    /// <summary>Powers the container off (SIGRTMIN+4 to its systemd, as <c>systemctl poweroff</c>) and waits until it is gone.</summary>
    public async Task PowerOffAsync(SystemdMachine machine)
    {
        machine.PoweredOff = true;
        var stop = await SdctlAsync("stop", 0, machine.Name);
        Assert.True(stop.ExitCode == 0, stop.ToString());
    }

    /// <summary>Writes a unit file and returns its path.</summary>
    public string WriteUnit(string name, string xfleet = "")
    {
        var path = Path.Combine(UnitDir, name);
        File.WriteAllText(path, $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/bin/sh -c 'echo started {name}; while true; do sleep 1; done'\n" +
            (xfleet.Length > 0 ? $"\n[X-Fleet]\n{xfleet}\n" : string.Empty));
        return path;
    }

    /// <summary>Reads unit → machine ID for every unit fleet reports active.</summary>
    public async Task<List<(string Unit, string MachineId)>> ActiveUnitsAsync()
    {
        var result = await FleetctlAsync("list-units", "--no-legend", "--full", "--fields", "unit,machine,active");
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length >= 3 && c[2] == "active")
            .Select(c => (c[0], c[1].Split('/')[0]))];
    }

    /// <summary>fleetd's recent log of every running machine (for failure messages).</summary>
    public async Task<string> FleetdLogsAsync()
    {
        var logs = new List<string>();
        foreach (var machine in Machines.Where(m => !m.PoweredOff))
        {
            var log = await ExecAsync(machine, "journalctl", "-u", "fleetd", "-n", "40", "--no-pager");
            logs.Add($"--- {machine.Name} ({machine.MachineId}):\n{log.Stdout}{log.Stderr}");
        }

        return string.Join('\n', logs);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Machines.Where(m => !m.PoweredOff).Select(m => SdctlAsync("stop", 0, m.Name)));
        if (Etcd is not null)
        {
            await Etcd.DisposeAsync();
        }

        if (_bridgeUp)
        {
            await SdctlAsync("bridge-down", 0);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a bind mount may still be busy; it is under the temp directory
        }
    }

    private static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "The systemd cluster needs root on Linux (systemd-nspawn, a bridge, D-Bus calls to systemd).";
        }

        foreach (var (path, package) in new[] { ("/usr/bin/systemd-nspawn", "systemd-container"), ("/usr/lib/systemd/systemd", "systemd"), ("/usr/bin/etcd", "etcd-server"), ("/usr/sbin/ip", "iproute2") })
        {
            if (!File.Exists(path))
            {
                return $"{path} is missing (apt-get install {package}).";
            }
        }

        if (!File.Exists("/usr/share/dotnet/dotnet"))
        {
            return "dotnet is not under /usr/share/dotnet, so the containers (which see only the host's /usr) cannot run fleetd.";
        }

        return Directory.Exists("/sys/fs/cgroup/unified") || File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? null
            : "No writable cgroup hierarchy for systemd-nspawn.";
    }

    private static int ChooseSubnet()
    {
        // A private /24 that no interface or route on this host uses yet.
        var used = File.ReadAllText("/proc/net/route");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var subnet = 100 + RandomNumberGenerator.GetInt32(150);
            var network = $"{subnet:X2}4D0A"; // 10.77.subnet.0 as /proc/net/route writes it (little-endian hex)
            if (!used.Contains(network, StringComparison.OrdinalIgnoreCase))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("No free 10.77.N.0/24 subnet for the test bridge.");
    }

    private string Name(int i) => $"fc{_tag}{i}";

    private async Task StartFleetdAsync(SystemdMachine machine, string output)
    {
        var environment = new Dictionary<string, string>
        {
            ["FLEET_ETCD_SERVERS"] = Etcd!.ClientUrl,
            ["FLEET_ETCD_KEY_PREFIX"] = "/fleet_sdcluster/",
            ["FLEET_PUBLIC_IP"] = machine.Address,
            ["FLEET_API_LISTEN"] = machine.Endpoint,
            ["FLEET_METADATA"] = $"hostname={machine.Name}",
            ["FLEET_AGENT_TTL"] = "10s", // generous: the test machines are shared and often loaded; a powered-off fleetd leaves at once
            ["FLEET_ENGINE_RECONCILE_INTERVAL"] = "0.5",
            ["FLEET_ETCD_REQUEST_TIMEOUT"] = "2",
            ["FLEET_UNIT_MANAGER"] = "auto",
            ["FLEET_DATA_DIR"] = "/var/lib/fleet",
            ["HOME"] = "/root",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        List<string> command = ["systemd-run", "--unit=fleetd", "--property=Restart=no"];
        command.AddRange(environment.Select(e => $"--setenv={e.Key}={e.Value}"));
        command.AddRange(["/usr/share/dotnet/dotnet", Path.Combine(output, "fleetd.dll")]);
        var started = await ExecAsync(machine, [.. command]);
        Assert.True(started.ExitCode == 0, $"could not start fleetd in {machine.Name}: {started}");
    }

    private Task<CommandResult> SdctlAsync(string verb, int subnet, params string[] args) =>
        Command.RunAsync(
            "/bin/bash",
            [Path.Combine(AppContext.BaseDirectory, "Nspawn", "sdctl.sh"), verb, .. args],
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string>
            {
                ["SD_ROOT"] = "/",
                ["SD_BASE"] = Path.Combine(_root, "state"),
                ["SD_TIMEOUT"] = "60",
                ["SD_BRIDGE"] = _bridge,
                ["SD_BRIDGE_IP"] = $"10.77.{subnet}.1/24",
            });
}
