namespace Fleet.Systemd.ClusterTests;

/// <summary>fleet's functional test shape against real systemd: three containers, each with its own systemd and
/// fleetd, one etcd.</summary>
[Trait("Category", "Integration")]
public sealed class SystemdClusterTests(NspawnCluster cluster) : IClassFixture<NspawnCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Fleetd_ThreeSystemdMachines_PlacesUnitsMovesThemOffAPoweredOffMachineAndFollowsSystemdReexec()
    {
        cluster.Require();
        try
        {
            await RunAsync();
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            throw new InvalidOperationException($"{e.Message}\n\nfleetd logs:\n{await cluster.FleetdLogsAsync()}", e);
        }
    }

    private static string Describe(List<(string Unit, string MachineId)> active) =>
        "active units: " + string.Join(", ", active.Select(u => $"{u.Unit} on {u.MachineId}"));

    private static bool IsActive(List<(string Unit, string MachineId)> active, string unit) => active.Any(u => u.Unit == unit);

    private async Task RunAsync()
    {
        // Every container's fleetd registered with the machine ID its systemd booted with.
        var machines = await cluster.FleetctlAsync("list-machines", "--no-legend", "--full", "--fields", "machine,ip,metadata");
        foreach (var machine in cluster.Machines)
        {
            Assert.Contains($"{machine.MachineId}\t{machine.Address}\thostname={machine.Name}", machines.Stdout, StringComparison.Ordinal);
        }

        string[] units =
        [
            cluster.WriteUnit("everywhere.service", "Global=true"),
            .. Enumerable.Range(0, 3).Select(i => cluster.WriteUnit($"spread.{i}.service", "Conflicts=spread.*.service")),
            cluster.WriteUnit("mover.service"),
            cluster.WriteUnit("follower.service", "MachineOf=mover.service"),
        ];
        var start = await cluster.FleetctlAsync(["start", .. units]);
        Assert.True(start.ExitCode == 0, start.ToString());

        var active = await Command.PollAsync(
            cluster.ActiveUnitsAsync,
            a => a.Count(u => u.Unit == "everywhere.service") == 3 && IsActive(a, "spread.0.service") && IsActive(a, "spread.1.service")
                && IsActive(a, "spread.2.service") && IsActive(a, "mover.service") && IsActive(a, "follower.service"),
            Deadline,
            "every unit active",
            Describe);
        string MachineOf(string unit) => active.Single(u => u.Unit == unit).MachineId;
        Assert.Equal(3, new[] { "spread.0.service", "spread.1.service", "spread.2.service" }.Select(MachineOf).Distinct().Count());
        Assert.Equal(MachineOf("mover.service"), MachineOf("follower.service"));

        // What fleet reports is what each container's systemd runs.
        foreach (var (unit, machineId) in active)
        {
            var machine = cluster.Machines.Single(m => m.MachineId.StartsWith(machineId, StringComparison.Ordinal));
            var state = await cluster.ExecAsync(machine, "systemctl", "is-active", unit);
            Assert.True(state.Stdout.Trim() == "active", $"{unit} on {machine.Name}: {state}");
        }

        // The unit's journal, read by that machine's fleetd from its systemd's journal.
        var moverHost = cluster.Machines.Single(m => m.MachineId.StartsWith(MachineOf("mover.service"), StringComparison.Ordinal));
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            var journal = await Command.PollAsync(
                () => http.GetStringAsync(new Uri($"{moverHost.Endpoint}/fleet/v1/units/mover.service/journal?lines=20")),
                j => j.Contains("started mover.service", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                "mover.service's output in its journal");
            Assert.Contains("started mover.service", journal, StringComparison.Ordinal);
            var status = await http.GetStringAsync(new Uri($"{moverHost.Endpoint}/fleet/v1/units/mover.service/status"));
            Assert.Contains("● mover.service", status, StringComparison.Ordinal);
            Assert.Contains("Active: active (running)", status, StringComparison.Ordinal);
        }

        // Power off the machine running mover and follower: they move together to a survivor; the spread unit that
        // was there cannot move (the other machines each run one), and the global unit runs on the two survivors.
        var stranded = new[] { "spread.0.service", "spread.1.service", "spread.2.service" }.Single(u => moverHost.MachineId.StartsWith(MachineOf(u), StringComparison.Ordinal));
        await cluster.PowerOffAsync(moverHost);
        var after = await Command.PollAsync(
            cluster.ActiveUnitsAsync,
            a => a.Any(u => u.Unit == "mover.service" && !moverHost.MachineId.StartsWith(u.MachineId, StringComparison.Ordinal))
                && a.Any(u => u.Unit == "follower.service" && !moverHost.MachineId.StartsWith(u.MachineId, StringComparison.Ordinal))
                && a.Count(u => u.Unit == "everywhere.service") == 2,
            Deadline,
            "mover and follower active on a surviving machine",
            Describe);
        var newHost = cluster.Machines.Single(m => m.MachineId.StartsWith(after.Single(u => u.Unit == "mover.service").MachineId, StringComparison.Ordinal));
        Assert.Equal(after.Single(u => u.Unit == "mover.service").MachineId, after.Single(u => u.Unit == "follower.service").MachineId);
        Assert.False(IsActive(after, stranded), $"{stranded} conflicts with the spread units on both survivors");
        Assert.DoesNotContain(after, u => moverHost.MachineId.StartsWith(u.MachineId, StringComparison.Ordinal));
        var moved = await cluster.ExecAsync(newHost, "systemctl", "is-active", "mover.service", "follower.service");
        Assert.True(moved.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l == "active"), moved.ToString());

        // systemd re-executes under the running fleetd, then a unit stops behind fleet's back: fleetd still hears of it.
        var reexec = await cluster.ExecAsync(newHost, "systemctl", "daemon-reexec");
        Assert.True(reexec.ExitCode == 0, reexec.ToString());
        var stop = await cluster.ExecAsync(newHost, "systemctl", "stop", "follower.service");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await Command.PollAsync(
            cluster.ActiveUnitsAsync,
            a => !IsActive(a, "follower.service") && IsActive(a, "mover.service"),
            Deadline,
            "fleet reporting follower.service inactive after systemd re-executed",
            Describe);
    }
}
