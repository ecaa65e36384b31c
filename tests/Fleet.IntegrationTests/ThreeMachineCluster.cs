using Fleet.Testing.Etcd;

namespace Fleet.IntegrationTests;

/// <summary>A real etcd on loopback and three real fleetd processes using it, plus a folder for unit files.</summary>
public sealed class ThreeMachineCluster : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-cluster-").FullName;

    /// <summary>The etcd all machines use.</summary>
    public EtcdFixture Etcd { get; } = EtcdFixture.Create();

    /// <summary>The machines, m1..m3 (metadata hostname=mN).</summary>
    public List<FleetdProcess> Machines { get; } = [];

    /// <summary>Where tests write unit files.</summary>
    public string UnitDir => Path.Combine(_dir, "unit-files");

    /// <summary>The presence TTL every machine uses.</summary>
    public static TimeSpan AgentTtl => TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await Etcd.InitializeAsync();
        Directory.CreateDirectory(UnitDir);
        for (var i = 1; i <= 3; i++)
        {
            Machines.Add(StartMachine(i));
        }

        foreach (var machine in Machines)
        {
            await machine.WaitForApiAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        }

        await Fleetctl.WaitForAsync(Machines[0].Endpoint, ["list-machines", "--no-legend", "--full", "--fields", "machine"],
            r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3, TimeSpan.FromSeconds(30), "3 machines registered", CancellationToken.None);
    }

    /// <summary>Starts machine mN (again, after a kill).</summary>
    public FleetdProcess StartMachine(int n)
    {
        var data = Path.Combine(_dir, $"m{n}");
        Directory.CreateDirectory(data);
        return FleetdProcess.Start($"m{n}", data, new Dictionary<string, string>
        {
            ["etcd_servers"] = Etcd.ClientUrl,
            ["etcd_key_prefix"] = "/fleet_functional/smoke",
            ["metadata"] = $"hostname=m{n}",
            ["agent_ttl"] = "3s",
            ["engine_reconcile_interval"] = "0.5",
            ["etcd_request_timeout"] = "2",
        });
    }

    /// <summary>Writes a unit file and returns its path.</summary>
    public string WriteUnit(string name, string xfleet = "")
    {
        var path = Path.Combine(UnitDir, name);
        File.WriteAllText(path, $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/bin/sh -c \"while true; do sleep 1; done\"\n" +
            (xfleet.Length > 0 ? $"\n[X-Fleet]\n{xfleet}\n" : string.Empty));
        return path;
    }

    /// <summary>Runs fleetctl against the first running machine.</summary>
    public Task<FleetctlResult> Fleetctl_(params string[] args) =>
        Fleetctl.RunAsync(Machines.First(m => m.IsRunning).Endpoint, args, CancellationToken.None);

    /// <summary>Reads unit → machine for every unit state reported active.</summary>
    public async Task<List<(string Unit, string Machine)>> ActiveUnitsAsync()
    {
        var result = await Fleetctl_("list-units", "--no-legend", "--full", "--fields", "unit,machine,active");
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length >= 3 && c[2] == "active")
            .Select(c => (c[0], c[1].Split('/')[0]))];
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the active units.</summary>
    public async Task<List<(string Unit, string Machine)>> WaitForActiveAsync(Func<List<(string Unit, string Machine)>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        List<(string Unit, string Machine)> last;
        do
        {
            last = await ActiveUnitsAsync();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
        while (TimeProvider.System.GetTimestamp() < deadline);

        throw new TimeoutException($"{what} did not happen within {timeout}; active units: {string.Join(", ", last.Select(u => $"{u.Unit}@{u.Machine}"))}\n" +
            string.Join("\n", Machines.Select(m => $"--- {m.MachineId}:\n{Tail(m.Output)}")));
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var machine in Machines)
        {
            await machine.DisposeAsync();
        }

        await Etcd.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
