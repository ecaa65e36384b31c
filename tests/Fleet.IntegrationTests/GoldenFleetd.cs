namespace Fleet.IntegrationTests;

/// <summary>A real fleetd on the embedded store holding units in every state the list commands show: a
/// running service, a loaded one, a submitted one, a template with a running instance, and a running global
/// unit. Set up once by <see cref="InitializeAsync"/>; tests only read.</summary>
public sealed class GoldenFleetd : IAsyncLifetime
{
    /// <summary>The fleetd.</summary>
    public EmbeddedFleetd Server { get; } = new();

    /// <summary>Its API endpoint.</summary>
    public string Endpoint => Server.Endpoint;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await Server.InitializeAsync();
        var files = new Dictionary<string, string>
        {
            ["web.service"] = "[Unit]\nDescription=Web server\n\n[Service]\nExecStart=/bin/sh -c \"while true; do sleep 1; done\"\n",
            ["db.service"] = "[Unit]\nDescription=Database\n\n[Service]\nExecStart=/bin/sh -c \"while true; do sleep 1; done\"\n",
            ["idle.service"] = "[Unit]\nDescription=Never scheduled\n\n[Service]\nExecStart=/bin/true\n",
            ["worker@.service"] = "[Unit]\nDescription=Worker %i\n\n[Service]\nExecStart=/bin/sh -c \"while true; do sleep 1; done\"\n",
            ["everywhere.service"] = "[Unit]\nDescription=On every machine\n\n[Service]\nExecStart=/bin/sh -c \"while true; do sleep 1; done\"\n\n[X-Fleet]\nGlobal=true\n",
        };
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(Server.UnitDir, name), text);
        }

        string Path_(string name) => Path.Combine(Server.UnitDir, name);
        (await Run("submit", Path_("idle.service"), Path_("worker@.service"))).ShouldSucceed();
        (await Run("load", Path_("db.service"))).ShouldSucceed();
        (await Run("start", Path_("web.service"), Path_("worker@1.service"), Path_("everywhere.service"))).ShouldSucceed();
        await Fleetctl.WaitForAsync(Endpoint, ["list-units", "--no-legend", "--fields", "unit,load,active,sub"],
            r => Cells(r.Stdout) == "db.service loaded inactive dead|everywhere.service loaded active running|web.service loaded active running|worker@1.service loaded active running",
            TimeSpan.FromSeconds(60), "every golden unit in its state", CancellationToken.None);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    // Table rows with the tabwriter's padding removed: cells joined by a space, rows by '|'.
    private static string Cells(string table) =>
        string.Join('|', table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split('\t', StringSplitOptions.RemoveEmptyEntries))));

    private Task<FleetctlResult> Run(params string[] args) => Fleetctl.RunAsync(Endpoint, args, CancellationToken.None);
}
